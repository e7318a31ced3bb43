/**
 * Takes what identifies a person or a ticket out of text that goes into a knowledge
 * article (KB-2): the article is about the problem, not about who had it. Pure.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Mainland mobiles (13812345678, +86 138 1234 5678), landlines (010-12345678) and extensions. */
const PHONE =
  /(?:\+?86[\s-]?)?(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}[\s-]?\d{7,8}(?:[\s-]?(?:转|ext\.?|x)\s*\d{1,6})?)(?!\d)/gi;
/** "#10023", "工单 10023", "工单号：10023", "ticket 10023". */
const TICKET_REF = /(?:#\d{3,}|(?:工单号?|单号|ticket)\s*[:：#]?\s*\d{3,})(?:\s(?=[\u4e00-\u9fff]))?/gi;

/** A line that only greets, thanks or signs off ("张伟，您好：", "Hi Anna,", "谢谢！", "Best regards"). */
const COURTESY = [
  /^(?:[\p{L}·\s]{0,20}[，,\s]*)?(?:您好|你好|hi|hello|hey|dear)(?!\p{L})[\s\p{L}·]{0,20}[，,：:!！。.]?$/iu,
  /^(?:谢谢|多谢|感谢|thanks|thank you|many thanks)(?!\p{L})[^。.\n]{0,30}[。.!！]?$/iu,
  /^(?:祝好|此致|敬礼|best regards|kind regards|regards|best|cheers|sincerely)(?!\p{L})[，,!！.。]?$/iu,
  /^(?:如有问题|如有疑问|if you have any (?:other |more )?questions)[^\n]{0,60}$/iu,
];
/** A greeting in front of the content on the same line: "您好，请重启电脑" keeps "请重启电脑". */
const LEADING_GREETING = /^(?:您好|你好|hi|hello)(?!\p{L})[，,！!：:]\s*/iu;

export interface ScrubContext {
  /** Names of the requester and others affected: replaced by "the user". */
  names: string[];
  /** Names of the desk's people: replaced by "the service desk". */
  staffNames?: string[];
  language: 'zh-CN' | 'en';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text without greetings, sign-offs, signatures, names, emails, phone numbers and ticket numbers. */
export function scrubPersonalData(text: string, context: ScrubContext): string {
  // A signature starts at a line with only "--" (mail convention); nothing after it is content.
  const body = text.split(/\n--\s*\n/)[0] ?? '';
  const person = context.language === 'zh-CN' ? '用户' : 'the user';
  const ticket = context.language === 'zh-CN' ? '该工单' : 'the ticket';
  const desk = context.language === 'zh-CN' ? '服务台' : 'the service desk';
  const replacements = new Map<string, string>();
  for (const name of context.staffNames ?? []) replacements.set(name.trim(), desk);
  for (const name of context.names) replacements.set(name.trim(), person);
  // Longest first, so that "Anna Smith" goes before "Anna".
  const names = [...replacements.keys()]
    .filter((name) => name.length >= 2)
    .sort((a, b) => b.length - a.length);
  const lines = body.split('\n').map((line) => {
    let clean = line
      .replace(EMAIL, '')
      .replace(PHONE, '')
      .replace(TICKET_REF, ticket)
      .replace(LEADING_GREETING, '');
    for (const name of names)
      clean = clean.replace(new RegExp(escapeRegExp(name), 'gi'), replacements.get(name) ?? person);
    return clean
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/[（(]\s*[)）]/g, '')
      .trimEnd();
  });
  const kept = lines.filter((line) => {
    const trimmed = line.trim();
    // A line left with only a name was a signature.
    if (trimmed === person || trimmed === desk) return false;
    return !COURTESY.some((pattern) => pattern.test(trimmed));
  });
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
