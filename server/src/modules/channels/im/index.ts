export { createImBot, deleteImBot, listImBots, testImBot, updateImBot } from './im-bots.ts';
export { assertInboundSigned, ingestImMessage, signInbound, verifyInboundSignature } from './im-inbound.ts';
export { broadcastTicketEvent, imSendJob, queueImMentions } from './im-send.ts';
export { buildImRequest, dingtalkSign, feishuSign, type ImPlatform } from './platforms.ts';
