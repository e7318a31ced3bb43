import { addressIn, firstHeader } from './mail-headers.ts';

/**
 * Recognising mail no person wrote: bounces and delivery reports (RFC 3464, RFC 6533),
 * read receipts (RFC 8098), abuse feedback reports (ARF, RFC 5965), auto-replies (RFC 3834
 * and the vendor headers Exchange, Postfix vacation, Coremail and others use), mailing-list
 * administrivia, Amazon SES/SNS notifications and loops. Such mail never opens a ticket and is
 * never acknowledged (answering a bounce or an out-of-office is how mail loops start). Both
 * checks are pure and return the reason recorded on the inbound row, or null.
 */

const REPORT_TYPES = [
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/feedback-report',
];

/** Local parts that only machines send from. */
const DAEMON_LOCAL = /^(mailer-daemon|mailerdaemon|mail-daemon|maildaemon|postmaster|mail\.daemon)$/i;
/** Mailing-list software's own addresses (Mailman, Sympa, ezmlm, Google Groups, LISTSERV). */
const LIST_ADMIN_LOCAL = /(-(owner|bounces?|request|admin|errors?)(\+[^@]*)?$|^owner-|^listserv$|^sympa$)/i;
/** Display names bounce generators sign with. */
const DAEMON_NAME =
  /^\s*"?(mail delivery (system|subsystem|service)|mail administrator|system administrator|microsoft outlook|postmaster|mailer-daemon|邮件系统|系统管理员|邮件投递系统)"?\s*</i;

const BOUNCE_SUBJECT =
  /^\s*(undeliver(able|ed)( mail)?|delivery status notification|mail delivery (failed|failure|system)|returned mail|failure notice|delivery failure|delivery has failed|message not delivered|non[- ]?delivery|could not be delivered|warning: could not send|系统退信|退信|邮件被退回|邮件投递失败|未能送达|無法傳遞|退件)/i;
const AUTO_REPLY_SUBJECT =
  /^\s*(自动回复|自動回覆|自动答复|自動回復|automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office( auto ?reply)?|abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica)\s*[:：]/i;

const SES_TYPES = new Set(['Bounce', 'Complaint', 'Delivery', 'DeliveryDelay', 'Reject']);

export interface AutomaticContext {
  ownAddresses: readonly string[];
  ownMessageId: (id: string) => boolean;
  /** The SMTP envelope sender: '' for the null sender `<>`, null when there was no envelope (IMAP). */
  envelopeFrom?: string | null;
}

/** Checks on the raw headers, before the message is parsed. */
export function automaticReason(headers: Map<string, string[]>, context: AutomaticContext): string | null {
  const get = (name: string) => firstHeader(headers, name)?.toLowerCase().trim();

  const autoSubmitted = get('auto-submitted');
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return `auto-submitted: ${autoSubmitted.slice(0, 60)}`;

  const contentType = get('content-type') ?? '';
  if (contentType.startsWith('multipart/report')) {
    const reportType = /report-type\s*=\s*"?([\w.-]+)/.exec(contentType)?.[1] ?? 'unknown';
    return `report (multipart/report; report-type=${reportType})`;
  }
  const topType = contentType.split(';')[0]?.trim() ?? '';
  if (REPORT_TYPES.includes(topType)) return `report (${topType})`;

  const messageId = get('message-id');
  if (messageId && context.ownMessageId(messageId)) return 'our own mail came back (loop)';
  for (const loop of headers.get('x-loop') ?? []) {
    const value = loop.toLowerCase();
    if (context.ownAddresses.some((own) => value.includes(own))) return 'x-loop: our own address';
  }

  if (headers.has('x-amz-sns-message-type')) return 'Amazon SNS notification';

  const precedence = get('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'].includes(precedence))
    return `precedence: ${precedence}`;

  const xAutoreply = get('x-autoreply');
  if (xAutoreply !== undefined && !/^(no|false)$/.test(xAutoreply)) return 'auto-reply (x-autoreply)';
  if (headers.has('x-autorespond')) return 'auto-reply (x-autorespond)';
  if (get('x-auto-response') !== undefined) return 'auto-reply (x-auto-response)';
  const suppress = get('x-auto-response-suppress');
  if (suppress && suppress !== 'none')
    return `automatic (x-auto-response-suppress: ${suppress.slice(0, 60)})`;
  if (get('x-list-administrivia') === 'yes') return 'mailing-list administrivia';

  if (get('x-failed-recipients') !== undefined) return 'bounce (x-failed-recipients)';

  const fromHeader = firstHeader(headers, 'from') ?? '';
  const from = addressIn(fromHeader);
  const local = from?.split('@')[0] ?? '';
  if (/<\s*>/.test(fromHeader)) return 'bounce (null From address)';
  if (DAEMON_LOCAL.test(local) || (!from && /\b(mailer-daemon|postmaster)\b/i.test(fromHeader)))
    return `bounce from ${from || fromHeader.trim().slice(0, 80)}`;
  if (from && context.ownAddresses.includes(from)) return 'sent by the desk itself (loop)';
  if (context.envelopeFrom === '') return 'null sender (envelope <>): bounce or report';
  const returnPath = get('return-path');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath)) return 'null return path (bounce or report)';

  const isList = ['list-id', 'list-post', 'list-unsubscribe', 'mailing-list'].some((name) =>
    headers.has(name),
  );
  if (isList && from && LIST_ADMIN_LOCAL.test(local)) return `mailing-list notice from ${from}`;
  return null;
}

/** What the parsed message needs to be recognised (a subset of mailparser's ParsedMail). */
export interface ParsedForCheck {
  subject?: string | undefined;
  /** The decoded From (display name and address). */
  from?: { name?: string | undefined; address?: string | undefined } | undefined;
  text?: string | undefined;
  attachments?: ReadonlyArray<{ contentType?: string | undefined }>;
}

/**
 * Checks on the parsed message: a report part anywhere at the top level, an SES/SNS
 * notification body, and the subjects bounce generators and auto-responders use when they
 * set none of the headers (common with older Chinese and Exchange servers).
 */
export function automaticContentReason(
  parsed: ParsedForCheck,
  headers: Map<string, string[]>,
): string | null {
  for (const part of parsed.attachments ?? []) {
    const type = part.contentType?.toLowerCase() ?? '';
    if (REPORT_TYPES.includes(type)) return `report (${type} part)`;
  }
  const ses = sesNotification(parsed.text ?? '');
  if (ses) return `Amazon SES notification (${ses})`;

  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ');
  const rawFrom = firstHeader(headers, 'from') ?? '';
  const from = (parsed.from?.address ?? addressIn(rawFrom) ?? '').toLowerCase();
  const fromHeader = parsed.from?.name ? `${parsed.from.name} <${from}>` : rawFrom;
  const machineSender =
    DAEMON_NAME.test(fromHeader) ||
    /^(mailer|mail|bounces?|no-?reply|do-?not-?reply|noreply)$/i.test(from.split('@')[0] ?? '');
  if (BOUNCE_SUBJECT.test(subject) && machineSender) return `bounce (subject "${subject.slice(0, 60)}")`;
  if (AUTO_REPLY_SUBJECT.test(subject)) return `auto-reply (subject "${subject.slice(0, 60)}")`;
  return null;
}

/**
 * The notification type of an Amazon SES event as SES mails it (the JSON object alone, or as
 * an SNS `Notification` envelope whose `Message` holds it; SNS email subscriptions add a
 * footer after the JSON), or null.
 */
export function sesNotification(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  const end = trimmed.lastIndexOf('}');
  const parsed = parseJson(trimmed.slice(0, end + 1));
  if (!isRecord(parsed)) return null;
  const inner =
    parsed.Type === 'Notification' && typeof parsed.Message === 'string' ? parseJson(parsed.Message) : parsed;
  if (!isRecord(inner)) return null;
  const type = inner.notificationType ?? inner.eventType;
  return typeof type === 'string' && SES_TYPES.has(type) && isRecord(inner.mail) ? type : null;
}

function parseJson(text: string): unknown {
  if (text.length > 1_000_000) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
