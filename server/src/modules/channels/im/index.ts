export { setImApiBases } from './im-api.ts';
export { createImBot, deleteImBot, listImBots, testImBot, updateImBot } from './im-bots.ts';
export { imReplyJob } from './im-callback.ts';
export { imDelivery } from './im-delivery.ts';
export { assertInboundSigned, ingestImMessage, signInbound, verifyInboundSignature } from './im-inbound.ts';
export { imSendJob } from './im-send.ts';
export { buildImRequest, dingtalkSign, escapeMentions, feishuSign, type ImPlatform } from './platforms.ts';
