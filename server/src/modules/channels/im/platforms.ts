import { createHmac } from 'node:crypto';

export const IM_PLATFORMS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type ImPlatform = (typeof IM_PLATFORMS)[number];

export interface ImMessage {
  title: string;
  text: string;
  url?: string;
  /** Platform user ids (or Slack member ids) to mention. */
  mentions?: string[];
}

/** DingTalk: HMAC-SHA256 over "timestamp\nsecret" keyed by the secret, base64. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu: HMAC-SHA256 of an empty message keyed by "timestamp\nsecret", base64. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const ZWSP = '\u200b';

/**
 * Text that came from requesters (a subject, a name, a message), made unable to mention
 * everyone or anyone on the platform: Slack's control sequences (`<!channel>`, `<!here>`,
 * `<!everyone>`, `<@U…>`) by its own escaping of `&`, `<`, `>`; `@all` on WeCom and DingTalk and
 * WeCom's `<@userid>`; Feishu's `<at user_id="…">` tags. Pure.
 */
export function escapeMentions(platform: ImPlatform, text: string): string {
  switch (platform) {
    case 'slack':
      return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    case 'wecom':
    case 'dingtalk':
      return text.replace(/@(?=all\b)/gi, `@${ZWSP}`).replace(/<@/g, `<${ZWSP}@`);
    case 'feishu':
      return text.replace(/<(\/?)at\b/gi, `<${ZWSP}$1at`).replace(/@(?=all\b|所有人)/gi, `@${ZWSP}`);
  }
}

/**
 * The HTTP request a platform's group bot expects for a message: each has its own body
 * format, and DingTalk and Feishu sign the request with the bot's secret. Pure; `now` is given.
 */
export function buildImRequest(
  platform: ImPlatform,
  webhookUrl: string,
  signSecret: string | null,
  unescaped: ImMessage,
  now: Date,
): { url: string; body: Record<string, unknown> } {
  const mentions = unescaped.mentions ?? [];
  const message = {
    ...unescaped,
    title: escapeMentions(platform, unescaped.title),
    text: escapeMentions(platform, unescaped.text),
  };
  const link = message.url ? `\n${message.url}` : '';
  switch (platform) {
    case 'wecom':
      return {
        url: webhookUrl,
        body: mentions.length
          ? {
              msgtype: 'text',
              text: { content: `${message.title}\n${message.text}${link}`, mentioned_list: mentions },
            }
          : {
              msgtype: 'markdown',
              markdown: {
                content: `**${message.title}**\n${message.text}${message.url ? `\n[${message.url}](${message.url})` : ''}`,
              },
            },
      };
    case 'dingtalk': {
      let url = webhookUrl;
      if (signSecret) {
        const timestamp = now.getTime();
        const sign = encodeURIComponent(dingtalkSign(signSecret, timestamp));
        url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${sign}`;
      }
      const at = mentions.map((m) => ` @${m}`).join('');
      return {
        url,
        body: {
          msgtype: 'markdown',
          markdown: { title: message.title, text: `### ${message.title}\n\n${message.text}${link}${at}` },
          at: { atUserIds: mentions, isAtAll: false },
        },
      };
    }
    case 'feishu': {
      const at = mentions.map((m) => `<at user_id="${m}"></at>`).join(' ');
      const body: Record<string, unknown> = {
        msg_type: 'text',
        content: { text: `${message.title}\n${message.text}${link}${at ? `\n${at}` : ''}` },
      };
      if (signSecret) {
        const timestamp = Math.floor(now.getTime() / 1000);
        body.timestamp = String(timestamp);
        body.sign = feishuSign(signSecret, timestamp);
      }
      return { url: webhookUrl, body };
    }
    case 'slack': {
      const at = mentions.map((m) => `<@${m}>`).join(' ');
      const text = `*${message.title}*\n${message.text}${message.url ? `\n<${message.url}|${message.url}>` : ''}${at ? `\n${at}` : ''}`;
      return {
        url: webhookUrl,
        body: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
      };
    }
  }
}

/** Whether the platform's answer means the message was accepted (they answer 200 with an error code inside). */
export function imAccepted(platform: ImPlatform, status: number, bodyText: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (platform === 'slack') return bodyText.trim() === 'ok' || bodyText.trim() === '';
  try {
    const json = JSON.parse(bodyText) as { errcode?: number; code?: number; StatusCode?: number };
    if (platform === 'feishu') return (json.code ?? json.StatusCode ?? 0) === 0;
    return (json.errcode ?? 0) === 0;
  } catch {
    return false;
  }
}
