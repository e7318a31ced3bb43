import { z } from 'zod';

/**
 * Every setting the server reads from its environment, validated in one place.
 * The README's configuration table documents the same names.
 */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  /** An external PostgreSQL; when set, no embedded PostgreSQL is started. */
  DATABASE_URL: z.string().url().optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Log lines below warn are written a few at a time, each at most this long after it was logged
   * (platform/log-output.ts); 0 writes every line at once.
   */
  LOG_FLUSH_MS: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Largest accepted attachment, in bytes. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** Where the embedded PostgreSQL listens (loopback only). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(5433),
  /**
   * The Linux scheduling policy of the embedded PostgreSQL: `batch` (SCHED_BATCH, through
   * util-linux's chrt where present) lets its backends wait for a core rather than take the
   * server's event loop off it each time the server sends them a statement; `normal`: the
   * default policy, as any other process.
   */
  EMBEDDED_PG_SCHEDULING: z.enum(['batch', 'normal']).default('batch'),
  /** Connections the server keeps open to PostgreSQL. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Serve the built web app from web/dist. */
  SERVE_WEB: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Sessions expire after this many hours without use. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 14),
  /** Fill an empty database with demo teams, categories, people and tickets. */
  DEMO_DATA: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Run graphile-worker inside this process. */
  RUN_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * Run the worker on a thread of its own (the default), off the event loop that serves the
   * requests; `false`: on the same event loop, as before (issue 18, docs/performance.md, stop 32).
   */
  WORKER_THREAD: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * Transactions the ticket intake runs at a time (its group commit, modules/tickets/intake.ts):
   * tickets that arrive meanwhile wait and are opened together in the next. One is the
   * measured best on a two-core machine (larger groups: fewer statements a ticket; issue 18,
   * docs/performance.md stop 39); a machine with more cores may do better with more.
   */
  INTAKE_TRANSACTIONS: z.coerce.number().int().min(1).max(32).default(1),
  /** Background jobs this process runs at a time (mail, timers, follow-ups, triage). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Extra slots for triage, only while its oldest due job has waited longer than
   * WORKER_BOOST_LAG_MS (a sustained overload: triage then takes a larger share from the
   * requests, so that its backlog stays bounded); 0: never.
   */
  WORKER_BOOST_SLOTS: z.coerce.number().int().min(0).max(64).default(4),
  WORKER_BOOST_LAG_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /**
   * When a ticket change's follow-ups (search index, notifications, report facts, triage) run:
   * `deferred` after commit by the worker, `inline` in the change's transaction (tests).
   */
  TICKET_FOLLOW_UPS: z.enum(['deferred', 'inline']).default('deferred'),
  // --- channels and notifications (issue 5) ---
  /** Where outgoing mail is sent, e.g. smtp://127.0.0.1:2525; unset: mail waits in the outbox. */
  SMTP_URL: z.string().url().optional(),
  /** Sender of outgoing mail; replies to it thread back into tickets. */
  MAIL_FROM: z.string().default('ServiceDesk <support@support.localhost>'),
  /** Turns on the inbound SMTP listener on this port. */
  SMTP_LISTEN_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_LISTEN_HOST: z.string().default('127.0.0.1'),
  /** Mail to any address of this domain lands in the default queue. */
  INBOUND_DOMAIN: z.string().default('support.localhost'),
  /** Largest accepted inbound message, in bytes. */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 1024 * 1024),
  /** 32-byte key (hex or base64) for secrets at rest; default: generated in DATA_DIR/secret.key. */
  SECRET_KEY: z.string().optional(),
  /** How often IMAP mailboxes are polled, in seconds. */
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).default(60),
  /** Generic SMS provider hook: notifications are POSTed here as JSON { to, text }. */
  SMS_WEBHOOK_URL: z.string().url().optional(),
  /** Base URL of the web app, for links in mail and IM messages. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  // --- the edge (issue 10): brute force, rate limits, proxies, framing ---
  /** Wrong passwords for one account within LOGIN_FAILURE_WINDOW_MINUTES that lock it. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** How long a locked account refuses every sign-in (429 auth.too_many_attempts). */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Sign-in attempts one client address may make per minute (per instance). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Requests per minute one client address may make without signing in (per instance). */
  ANONYMOUS_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Requests per address and minute to the intake that systems call with a signature or a token (IM callbacks, alerts). */
  WEBHOOK_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60_000),
  /**
   * Which proxies' X-Forwarded-For/-Proto/-Host headers are believed: `loopback` (a proxy on
   * this machine), `true` (any: only behind a proxy that overwrites them), `false`, or a
   * comma-separated list of addresses and CIDRs.
   */
  TRUST_PROXY: z.string().default('loopback'),
  /** Sites that may frame the chat widget page: CSP frame-ancestors sources, space-separated; `*` any. */
  WIDGET_FRAME_ANCESTORS: z.string().default('*'),
  // --- reports (issue 6) ---
  /** A TTF/OTF/TTC font with Chinese glyphs for PDF reports; default: a Debian CJK font if installed. */
  REPORT_PDF_FONT: z.string().optional(),
  // --- remote assistance (issue 17) ---
  /** STUN/TURN servers for WebRTC, a JSON list of RTCIceServer; empty: host candidates only (LAN). */
  WEBRTC_ICE_SERVERS: z
    .string()
    .default('[]')
    .refine((value) => {
      try {
        return Array.isArray(JSON.parse(value));
      } catch {
        return false;
      }
    }, 'must be a JSON list of ICE servers'),
  /** coturn's static-auth-secret (use-auth-secret): the server hands out short-lived TURN credentials. */
  TURN_SECRET: z.string().min(8).optional(),
  /** The TURN URLs the credentials are for, comma-separated (turn:turn.example.com:3478?transport=udp,...). */
  TURN_URLS: z.string().optional(),
  /** How long a TURN credential is valid. */
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** How long a remote assistance invitation waits for the requester's consent. */
  REMOTE_INVITE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
