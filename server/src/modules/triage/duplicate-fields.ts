/**
 * The structured fields a ticket's text names (issue 16): error codes, hosts, application
 * versions and references to other reports. Pure; used by the duplicate score and to name
 * what the tickets of a problem candidate share.
 */
export interface TicketFields {
  /** Error codes and code-like names: 0x800CCC0E, NS_ERROR_FAILURE, FIN-4012, TypeError, prefs.js. */
  codes: string[];
  /** IPv4 addresses, host and domain names: 10.0.0.12, mail.example.com, prn-srv-02. */
  hosts: string[];
  /** Version numbers: 2.53.1, v16.2, 10.0.19045. */
  versions: string[];
  /** Numbers of other reports the text refers to: "bug 752376", "工单 #1024". */
  refs: string[];
}

export type FieldKind = keyof TicketFields;
export const FIELD_KINDS: readonly FieldKind[] = ['codes', 'hosts', 'versions', 'refs'];

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
const DOMAIN =
  /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|cn|io|edu|gov|local|lan|corp|internal|intra|mil|de|uk|jp|fr)\b/gi;
/** Server-like names: prn-srv-02, db01, mail-gw-3 (a role word and a number). */
const SERVER =
  /\b[a-z]+(?:-[a-z]+)*-?(?:srv|server|db|dc|fs|prn|vpn|gw|app|web|mail|sql|ap|sw|nas)-?\d{1,4}\b/gi;
const HEX = /\b0x[0-9a-f]{4,16}\b/gi;
/** NS_ERROR_FAILURE, ERR_CONNECTION_RESET, E_ACCESSDENIED. */
const CONSTANT = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+){1,}\b/g;
/** FIN-4012, ORA-12541, FS02-ERR-53, KB5034441, DT3301 (numbered error words are below). */
const PREFIXED = /\b(?:[A-Z][A-Z0-9]{1,9}(?:-[A-Z][A-Z0-9]{0,9})*-\d{2,6}|KB\d{6,8}|[A-Z]{2,4}\d{3,6})\b/g;
/** Windows shares: \\fs02\finance names the host fs02. */
const UNC = /\\\\([a-z0-9][a-z0-9-]{0,62})/gi;
const EXCEPTION = /\b[A-Z][A-Za-z]*(?:Error|Exception|Fault)\b/g;
const FILE =
  /\b[\w-]+\.(?:js|jsm|mjs|xul|xhtml|css|dll|exe|so|dylib|cpp|h|py|json|ini|log|sys|msi|pst|ost)\b/gi;
const NUMBERED_ERROR = /(?:error|错误|代码|code|状态码|status)\s*(?:代码|code)?\s*[:：#]?\s*(\d{3,6})\b/gi;
const VERSION = /\b(?:v|version\s*|版本\s*)?(\d{1,4}\.\d{1,4}(?:\.\d{1,6}){0,2})\b/gi;
const REF = /(?:\bbug|\bissue|\bticket|工单|问题单|#)\s*#?\s*(\d{3,9})\b/gi;

function collect(text: string, pattern: RegExp, group = 0, lower = true): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const value = match[group];
    if (value) out.push(lower ? value.toLowerCase() : value);
  }
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** The fields the text names, each list without repeats (lower-cased). */
export function parseTicketFields(text: string): TicketFields {
  const normal = text.normalize('NFKC');
  const ips = collect(normal, IPV4);
  const ipSet = new Set(ips);
  const hosts = unique([
    ...ips,
    ...collect(normal, DOMAIN),
    ...collect(normal, SERVER),
    ...collect(normal, UNC, 1),
  ]);
  const codes = unique([
    ...collect(normal, HEX),
    ...collect(normal, CONSTANT),
    ...collect(normal, PREFIXED),
    ...collect(normal, EXCEPTION),
    ...collect(normal, FILE),
    ...collect(normal, NUMBERED_ERROR, 1).map((n) => `error ${n}`),
  ]);
  const versions = unique(
    collect(normal, VERSION, 1).filter((v) => {
      if (ipSet.has(v)) return false;
      // 1.5 or 3.0 is a number more often than a version; keep those with a third part or a large major.
      const parts = v.split('.');
      return parts.length >= 3 || Number(parts[0]) >= 10 || /version|版本|\bv\d/i.test(normal);
    }),
  );
  const refs = unique(collect(normal, REF, 1));
  return { codes, hosts, versions, refs };
}

/** The values of each kind that both name. */
export function sharedFields(a: TicketFields, b: TicketFields): TicketFields {
  const both = (x: string[], y: string[]) => {
    const set = new Set(y);
    return x.filter((v) => set.has(v));
  };
  return {
    codes: both(a.codes, b.codes),
    hosts: both(a.hosts, b.hosts),
    versions: both(a.versions, b.versions),
    refs: both(a.refs, b.refs),
  };
}
