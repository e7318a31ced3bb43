/**
 * The one HTTP client through which the desk calls the IM platforms: group robots' webhooks
 * and the open APIs that answer a person (Feishu's reply-message, Slack's chat.postMessage).
 * The APIs' base URLs are set here, so that tests point them at a local stand-in.
 */
const DEFAULT_BASES = {
  dingtalk: 'https://oapi.dingtalk.com',
  feishu: 'https://open.feishu.cn',
  slack: 'https://slack.com',
};
let bases = { ...DEFAULT_BASES };

/** Points the platforms' APIs elsewhere (tests: a local fake; Lark: https://open.larksuite.com). */
export function setImApiBases(next: Partial<typeof DEFAULT_BASES> | null): void {
  bases = { ...DEFAULT_BASES, ...(next ?? {}) };
}

export interface ApiAnswer {
  status: number;
  text: string;
}

/** POSTs JSON (10 s timeout) and returns the status and body text. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

function jsonOf(answer: ApiAnswer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(answer.text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * DingTalk: a text to the conversation's sessionWebhook (the temporary URL each received
 * message carries). Only a URL on DingTalk's own API host is called.
 */
export async function dingtalkSessionReply(options: { sessionWebhook: string; text: string }): Promise<void> {
  let target: URL;
  try {
    target = new URL(options.sessionWebhook);
  } catch {
    throw new Error('dingtalk sessionWebhook is not a URL');
  }
  if (target.origin !== new URL(bases.dingtalk).origin)
    throw new Error(`dingtalk sessionWebhook is not on ${bases.dingtalk}`);
  const answer = await postJson(target.toString(), { msgtype: 'text', text: { content: options.text } });
  if ((jsonOf(answer).errcode ?? 0) !== 0 || answer.status >= 300)
    throw new Error(`dingtalk reply refused: ${answer.status} ${answer.text.slice(0, 200)}`);
}

/** Feishu: a tenant_access_token for a self-built app, then the reply-message API. */
export async function feishuReply(options: {
  appId: string;
  appSecret: string;
  messageId: string;
  text: string;
}): Promise<void> {
  const tokenAnswer = await postJson(`${bases.feishu}/open-apis/auth/v3/tenant_access_token/internal`, {
    app_id: options.appId,
    app_secret: options.appSecret,
  });
  const token = jsonOf(tokenAnswer);
  if (token.code !== 0 || typeof token.tenant_access_token !== 'string')
    throw new Error(`feishu token refused: ${tokenAnswer.status} ${tokenAnswer.text.slice(0, 200)}`);
  const answer = await postJson(
    `${bases.feishu}/open-apis/im/v1/messages/${encodeURIComponent(options.messageId)}/reply`,
    { msg_type: 'text', content: JSON.stringify({ text: options.text }) },
    { authorization: `Bearer ${token.tenant_access_token}` },
  );
  if (jsonOf(answer).code !== 0)
    throw new Error(`feishu reply refused: ${answer.status} ${answer.text.slice(0, 200)}`);
}

/** Slack: chat.postMessage with the bot token, in the message's thread. */
export async function slackPostMessage(options: {
  botToken: string;
  channel: string;
  threadTs?: string;
  text: string;
}): Promise<void> {
  const answer = await postJson(
    `${bases.slack}/api/chat.postMessage`,
    {
      channel: options.channel,
      text: options.text,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
    { authorization: `Bearer ${options.botToken}` },
  );
  if (jsonOf(answer).ok !== true)
    throw new Error(`slack chat.postMessage refused: ${answer.status} ${answer.text.slice(0, 200)}`);
}
