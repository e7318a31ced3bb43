import type { Config } from '../../config.ts';
import { loadConfig } from '../../config.ts';

/** The mail and notification settings the jobs need; set from the app's config at start. */
export interface MailSettings {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The domain of MAIL_FROM: the right-hand side of the product's own Message-IDs. */
  messageIdDomain: string;
  inboundDomain: string;
  publicUrl: string;
  smsWebhookUrl: string | undefined;
  dataDir: string;
  attachmentMaxBytes: number;
}

let current: MailSettings | null = null;

export function settingsFromConfig(config: Config): MailSettings {
  return {
    smtpUrl: config.SMTP_URL,
    mailFrom: config.MAIL_FROM,
    messageIdDomain: addressDomain(config.MAIL_FROM) ?? config.INBOUND_DOMAIN,
    inboundDomain: config.INBOUND_DOMAIN.toLowerCase(),
    publicUrl: config.PUBLIC_URL.replace(/\/+$/, ''),
    smsWebhookUrl: config.SMS_WEBHOOK_URL,
    dataDir: config.DATA_DIR,
    attachmentMaxBytes: config.ATTACHMENT_MAX_BYTES,
  };
}

/** Called once when the app is built (and by tests that point mail somewhere else). */
export function configureMail(config: Config | MailSettings): void {
  current = 'mailFrom' in config ? config : settingsFromConfig(config);
}

export function mailSettings(): MailSettings {
  if (!current) current = settingsFromConfig(loadConfig());
  return current;
}

/** The bare address of `Name <user@host>` or `user@host`. */
export function bareAddress(value: string): string {
  return (/<([^>]+)>/.exec(value)?.[1] ?? value).trim();
}

export function addressDomain(value: string): string | null {
  const address = bareAddress(value);
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1).toLowerCase() : null;
}
