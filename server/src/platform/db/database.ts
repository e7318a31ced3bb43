import { AsyncLocalStorage } from 'node:async_hooks';
import { getTableColumns, getTableName, type SQL, type Table } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';

// PostgreSQL bigint (int8) and numeric counts arrive as strings by default; ids here fit in
// a JavaScript number, so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * Without drizzle's relational-query schema: nothing here uses `db.query.<table>`, and with a schema
 * every transaction and savepoint built a query builder for each of the ~100 tables (1.7% of the
 * intake's Node CPU, docs/performance.md, stop 25). Tables are imported where they are used.
 */
export type Db = NodePgDatabase;
/** A transaction handle; use cases take it so that everything they cause commits together. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run queries: the database or a transaction. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Statement names by SQL text, shared by all connections; bounded (see `PreparingClient`). */
const statementNames = new Map<string, string>();
const MAX_PREPARED_TEXTS = 1000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_PREPARED_TEXTS) {
    name = `s${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * How old a connection's kept plans may grow before they are made anew (issue 18). A plan made
 * while a table was nearly empty (a new or quiet desk at the start of a burst) reads the whole
 * table, and kept while a burst or a soak fills it, it read thousands of rows per new ticket and
 * slowed the follow-ups more every minute (docs/performance.md, stop 14). Planned again after
 * this long, a plan follows the table's size: the planner sizes a table by its pages as they are
 * now, whatever its statistics say.
 */
let replanAfterMs = 2_000;

/** Tests set a shorter or longer age. */
export function setReplanAfterMs(ms: number): void {
  replanAfterMs = ms;
}

/** Set while work runs `withPreparedStatements`. */
const preparing = new AsyncLocalStorage<true>();

/**
 * Runs `work` with every parameterised statement it sends prepared, once per connection
 * (what postgres.js does for all statements): PostgreSQL then parses and plans a statement
 * once instead of on every call. For the ticket write path, whose many small statements cost
 * PostgreSQL more to plan than to run (docs/performance.md). Not for searches, the queue or
 * reports: a plan made once for any parameters cannot use the partial indexes on open
 * tickets, nor weigh a day against a quarter (the unassigned queue took 48 ms instead of 6).
 */
export function withPreparedStatements<T>(work: () => Promise<T>): Promise<T> {
  return preparing.run(true, work);
}

/**
 * Runs `work` in a transaction of `db` that executes its prepared statements by their kept
 * generic plans, never by plans made for their parameters (`SET LOCAL plan_cache_mode`;
 * statements sent unnamed are planned for their parameters as before). For transactions of
 * prepared statements whose parameters do not change the plan, such as the ticket intake's
 * (reads by id arrays and inserts). PostgreSQL's own choice (`plan_cache_mode=auto`) makes a
 * custom plan for each of a statement's first five executions on a connection, and after that
 * whenever the generic plan's estimated cost exceeds the custom plans' average. In a burst,
 * with the plans made anew every few seconds (`replanAfterMs`) on growing tables, the intake's
 * two reads of its new tickets were planned again on a fifth to nearly half of their
 * executions, at 1.2-1.4 ms each: about 60 µs of PostgreSQL's CPU a ticket (issue 18,
 * docs/performance.md, stop 29).
 *
 * The setting travels with the transaction's `BEGIN`, in the same message (`begin; set local
 * ...`): one round trip instead of two. In a burst the intake's transaction waits 1.3-2 ms for
 * each of its round trips, against about 2.5 ms of PostgreSQL's work for the whole transaction
 * (issue 18, docs/performance.md, stop 32).
 */
export function transactionByGenericPlans<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: { readsWithBegin?: readonly BeginRead[] } = {},
): Promise<T> {
  const state: GenericTransaction = {
    pending: true,
    client: null,
    tx: null,
    writes: [],
    withCommit: [],
    reads: options.readsWithBegin ?? [],
    rows: new Map(),
  };
  return genericTransaction.run(state, () =>
    db.transaction((tx) => {
      state.tx = tx;
      return work(tx);
    }),
  );
}

/**
 * Has `statement`, a write whose result nobody reads, sent in the same message as the next
 * statement of `tx` or its COMMIT, whichever comes first, when `tx` is a transaction of
 * `transactionByGenericPlans` (not one of its savepoints): one round trip fewer for each such
 * write. In a burst each of the ticket intake's round trips waits a millisecond or more for the
 * two busy cores (issue 18, docs/performance.md, stops 40 and 41). It goes as SQL `EXECUTE` of
 * the statement its connection has already prepared, or as its text; either way its
 * parameters are written in as literals. Every later statement of the transaction still sees
 * what it wrote: it runs first, in the same message. If it fails, PostgreSQL runs nothing after
 * it in the message: the statement it went with fails with its error (its caller's error, not
 * the write's own caller's), and the transaction is rolled back as if it had been sent on its
 * own. Dropped, unsent, by a ROLLBACK (TO SAVEPOINT) that comes first. Returns false for any
 * other handle, or a parameter that is not a literal: the caller sends the statement itself.
 */
export function sendWithNext(tx: Queryable, statement: SQL): boolean {
  const state = genericTransaction.getStore();
  const client = state?.client;
  if (!state || state.tx !== tx || !(client instanceof PreparingClient)) return false;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const literals = literalsOf(params);
  if (literals === null) return false;
  state.writes.push(client.executeOf(text, literals) ?? withLiteralsIn(text, literals));
  return true;
}

/**
 * The rows of `query` read in the same message as the COMMIT of `tx` (a transaction of
 * `transactionByGenericPlans`), by SQL `EXECUTE` of the statement its connection has already
 * prepared for that text (`withPreparedStatements`): its kept plan, its parameters written in
 * as literals. A promise settled once the COMMIT has answered: the rows as the transaction saw
 * them just before it committed, or the COMMIT's error; await it after the transaction, not in
 * it. Null when it cannot be (another handle, the statement not yet prepared on this
 * connection, a parameter not a literal): the caller reads in the transaction as before. For a
 * transaction's last read, whose answer is given after the commit anyway (the intake's new
 * tickets: issue 18, stop 40). Planning the ticket read for each transaction instead would cost
 * about 3 ms of PostgreSQL's time (docs/performance.md, stop 40).
 */
export function readWithCommit<R>(tx: Queryable, query: SQL): Promise<R[]> | null {
  const state = genericTransaction.getStore();
  const client = state?.client;
  if (!state || state.tx !== tx || !(client instanceof PreparingClient)) return null;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const literals = literalsOf(params);
  const execute = literals && client.executeOf(text, literals);
  if (!execute) return null;
  let waiter: Pick<CommitStatement, 'answered' | 'failed'> = {};
  const rows = new Promise<R[]>((resolve, reject) => {
    waiter = { answered: (r) => resolve(r as R[]), failed: reject };
  });
  // Nobody awaits it when the transaction fails; its rejection is for whoever does.
  rows.catch(() => undefined);
  state.withCommit.push({ text: execute, ...waiter });
  return rows;
}

/**
 * A read sent in the same message as a transaction's BEGIN (`transactionByGenericPlans`'s
 * `readsWithBegin`): SQL text without parameters, its rows (each through `decode`) kept for the
 * transaction under `key` (`readWithBegin`). For the small, rarely changed tables that every
 * transaction of a kind reads, such as the rules that a new ticket's hooks apply: one round trip
 * fewer each, and the rows as of the transaction's start, a few milliseconds before the
 * statement would have read them.
 */
export interface BeginRead {
  key: string;
  text: string;
  decode?: (row: Record<string, unknown>) => unknown;
}

/** The rows of `key`'s read that the BEGIN of `tx` carried; undefined if it carried none. */
export function readWithBegin<R>(tx: Queryable, key: string): R[] | undefined {
  const state = genericTransaction.getStore();
  if (!state || state.tx !== tx) return undefined;
  return state.rows.get(key) as R[] | undefined;
}

/**
 * A `BeginRead` of whole rows of `table` (`rest`: its where and order by clauses, without
 * parameters), the rows as drizzle's `select().from(table)` gives them: every column under its
 * field's name, decoded by its own column type (timestamps as Dates, bigints as numbers).
 */
export function beginReadOf(key: string, table: Table, rest: string): BeginRead {
  const columns = Object.entries(getTableColumns(table));
  const list = columns.map(([field, column]) => `"${column.name}" as "${field}"`).join(', ');
  return {
    key,
    text: `select ${list} from "${getTableName(table)}" ${rest}`,
    decode: (row) => {
      for (const [field, column] of columns) {
        const value = row[field];
        if (value !== null && value !== undefined) row[field] = column.mapFromDriverValue(value);
      }
      return row;
    },
  };
}

const dialect = new PgDialect();

/**
 * `query` as one SQL text, its parameters written in as literals (pg's own quoting), for
 * `sendWithCommit`; null when a parameter is not a string, a finite number, a boolean, null or
 * a non-empty array of strings. The text is planned on every call (no prepared statement): for a
 * statement whose round trip costs more than its planning.
 */
export function withLiterals(query: SQL): string | null {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const literals = literalsOf(params);
  return literals === null ? null : withLiteralsIn(text, literals);
}

function withLiteralsIn(text: string, literals: readonly string[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1] ?? 'null');
}

/** Parameters as SQL literals; null when one is not of the kinds `withLiterals` takes. */
function literalsOf(params: readonly unknown[]): string[] | null {
  const literals: string[] = [];
  for (const param of params) {
    if (param === null) literals.push('null');
    else if (typeof param === 'string') literals.push(pg.escapeLiteral(param));
    else if ((typeof param === 'number' && Number.isFinite(param)) || typeof param === 'boolean') {
      literals.push(`(${String(param)})`);
    } else if (Array.isArray(param) && param.length > 0 && param.every((item) => typeof item === 'string')) {
      literals.push(`array[${param.map((item: string) => pg.escapeLiteral(item)).join(', ')}]`);
    } else return null;
  }
  return literals;
}

/**
 * A `transactionByGenericPlans` transaction: its BEGIN not yet sent, its connection, the
 * writes its next statement carries, the reads its COMMIT carries.
 */
interface GenericTransaction {
  pending: boolean;
  /** The connection that sent its BEGIN: a transaction that `work` starts on another one is not it. */
  client: pg.Client | null;
  tx: Tx | null;
  /** `sendWithNext`'s statements, as SQL texts without parameters. */
  writes: string[];
  withCommit: CommitStatement[];
  reads: readonly BeginRead[];
  rows: Map<string, unknown[]>;
}
/** A statement that goes with a COMMIT; a read's rows (or the COMMIT's error) go to its waiter. */
interface CommitStatement {
  text: string;
  answered?: (rows: unknown[]) => void;
  failed?: (error: unknown) => void;
}
const genericTransaction = new AsyncLocalStorage<GenericTransaction>();
/** pg's callback of `query()`. */
type QueryCallback = (error: unknown, results?: unknown) => void;
const BEGIN_GENERIC = 'begin; set local plan_cache_mode = force_generic_plan';
/**
 * A connection that prepares the parameterised statements sent within
 * `withPreparedStatements`. Statements without parameters (migrations, scripts of several
 * statements) run as before, and past MAX_PREPARED_TEXTS distinct texts, new texts run
 * unnamed, so that ad-hoc SQL cannot grow a connection's statement cache forever. Its kept
 * plans (its prepared statements' and its PL/pgSQL functions', such as graphile-worker's
 * `add_jobs`) are dropped by a `DISCARD PLANS` sent before the first prepared statement after
 * `replanAfterMs` (the statements stay prepared; allowed inside a transaction).
 */
class PreparingClient extends pg.Client {
  /** When this connection's plans were last made anew; 0 before its first prepared statement. */
  private plannedAt = 0;
  /** The statements this connection has prepared (run once without error), by name. */
  readonly prepared = new Set<string>();

  // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloaded query() unchanged.
  override query(config: any, values?: any, callback?: any): any {
    const generic = genericTransaction.getStore();
    if (generic?.pending && typeof config === 'object' && config?.text === 'begin') {
      generic.pending = false;
      generic.client = this;
      // Without the reads when called back (drizzle awaits): their readers then ask for themselves.
      if (generic.reads.length === 0 || callback) {
        return super.query({ ...config, text: BEGIN_GENERIC }, values, callback);
      }
      const text = [BEGIN_GENERIC, ...generic.reads.map((read) => read.text)].join(';\n');
      return super.query({ ...config, text }, values).then((results: unknown) => {
        // BEGIN_GENERIC is two statements: the reads' results follow theirs.
        const list = results as pg.QueryResult[];
        generic.reads.forEach((read, i) => {
          const rows = list[i + 2]?.rows ?? [];
          generic.rows.set(read.key, read.decode ? rows.map(read.decode) : rows);
        });
        return results;
      });
    }
    if (generic?.client === this && config != null && typeof config !== 'function') {
      if (typeof config === 'string') config = { text: config };
      const text = typeof config.text === 'string' ? config.text : '';
      if (text === 'commit' && (generic.writes.length > 0 || generic.withCommit.length > 0)) {
        const writes = generic.writes.splice(0).map((write) => ({ text: write }));
        return this.commitWith([...writes, ...generic.withCommit.splice(0)], config, values, callback);
      }
      if (text === 'rollback' || text.startsWith('rollback to savepoint')) {
        // What waited for the next statement is undone unsent.
        generic.writes.length = 0;
        if (text === 'rollback') {
          const error = new Error('the transaction was rolled back');
          for (const statement of generic.withCommit.splice(0)) statement.failed?.(error);
        }
      } else if (generic.writes.length > 0 && typeof config.submit !== 'function') {
        return this.afterWrites(generic.writes.splice(0), config, values, callback);
      }
    }
    if (
      preparing.getStore() &&
      typeof config === 'object' &&
      config !== null &&
      config.name === undefined &&
      typeof config.text === 'string' &&
      ((Array.isArray(values) && values.length > 0) ||
        (Array.isArray(config.values) && config.values.length > 0))
    ) {
      const name = statementName(config.text);
      if (name) {
        const now = Date.now();
        if (now - this.plannedAt >= replanAfterMs) {
          // Queued before the statement on this connection; its failure (an aborted transaction)
          // is the statement's own to report.
          if (this.plannedAt !== 0) super.query('discard plans').catch(() => undefined);
          this.plannedAt = now;
        }
        const result = super.query({ ...config, name }, values, callback) as Promise<unknown> | undefined;
        result?.then(
          () => this.prepared.add(name),
          () => undefined,
        );
        return result;
      }
    }
    return super.query(config, values, callback);
  }

  /**
   * SQL `EXECUTE` of `text` with its parameters written in, when this connection has prepared
   * it (`withPreparedStatements`): its kept plan, in a message of several statements. Null
   * when it has not.
   */
  executeOf(text: string, literals: readonly string[]): string | null {
    const name = statementNames.get(text);
    if (!name || !this.prepared.has(name) || literals.length === 0) return null;
    return `execute ${name}(${literals.join(', ')})`;
  }

  /**
   * A statement sent after the writes that waited for it (`sendWithNext`), in the same message
   * when it can be (a statement without parameters, or one this connection has prepared whose
   * parameters are literals), answered with its own result(s) alone; otherwise the writes
   * first, in a message of their own, then the statement as it was asked for.
   */
  private afterWrites(
    writes: readonly string[],
    config: pg.QueryConfig,
    values: unknown[] | undefined,
    callback: QueryCallback | undefined,
  ): Promise<unknown> | undefined {
    const params = (Array.isArray(values) ? values : undefined) ?? config.values ?? [];
    const literals = params.length === 0 ? [] : literalsOf(params);
    const own =
      config.name !== undefined || literals === null
        ? null
        : params.length === 0
          ? config.text
          : this.executeOf(config.text, literals);
    let settled: Promise<unknown>;
    if (own === null) {
      settled = super.query(writes.join(';\n')).then(() => this.query(config, values));
    } else {
      const text = [...writes, own].join(';\n');
      settled = super
        .query({ ...config, text, values: undefined, name: undefined })
        .then((results: unknown) => {
          // A message of several statements answers with a result each; the writes' come first.
          const list = (results as pg.QueryResult[]).slice(writes.length);
          return list.length === 1 ? list[0] : list;
        });
    }
    return this.answer(settled, callback);
  }

  /** `settled` as pg answers: the promise itself, or through the callback when one was given. */
  private answer(
    settled: Promise<unknown>,
    callback: QueryCallback | undefined,
  ): Promise<unknown> | undefined {
    if (!callback) return settled;
    settled.then(
      (results) => callback(null, results),
      (error: unknown) => callback(error),
    );
    return undefined;
  }

  /** The COMMIT with the statements that go with it (`sendWithNext`, `readWithCommit`), in one message. */
  private commitWith(
    statements: readonly CommitStatement[],
    config: pg.QueryConfig,
    values: unknown[] | undefined,
    callback: QueryCallback | undefined,
  ): Promise<unknown> | undefined {
    const text = [...statements.map((statement) => statement.text), 'commit'].join(';\n');
    const settled = super.query({ ...config, text }, values).then(
      (results: unknown) => {
        // A message of several statements answers with a result each.
        const list = results as pg.QueryResult[];
        for (const [i, statement] of statements.entries()) statement.answered?.(list[i]?.rows ?? []);
        return results;
      },
      (error: unknown) => {
        for (const statement of statements) statement.failed?.(error);
        throw error;
      },
    );
    return this.answer(settled, callback);
  }
}

export function connectDatabase(url: string, options: { poolSize?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 20, Client: PreparingClient });
  // An idle connection that the server drops is replaced on next use; without a handler
  // the error would end the process.
  pool.on('error', (error) => console.error('[db] idle connection error', error.message));
  // A connection in use that fails rejects its query, which the caller sees; the listener
  // only keeps the error from ending the process (graphile-worker asks for it too).
  pool.on('connect', (client) => client.on('error', () => undefined));
  // pool.end() resolves once it has asked each connection to end, before the connections
  // have closed; close() waits for them, so that PostgreSQL can be stopped right after it
  // without cutting a connection still closing.
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
  });
  const close = async () => {
    const closing = [...open].map((client) => new Promise((resolve) => client.once('end', resolve)));
    await pool.end();
    await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  };
  const db = drizzle(pool, { casing: 'snake_case' });
  return { db, pool, close };
}

export const MIGRATIONS_FOLDER = new URL('../../db/migrations', import.meta.url).pathname;

export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * Runs independent reads side by side on the pool, and one after another in a transaction:
 * a transaction is one connection, and pg refuses (pg 9) or warns about (pg 8) a query sent
 * while another is still running on it.
 */
export async function readTogether<T extends readonly unknown[]>(
  q: Queryable,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!isTransaction(q)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}

/** A transaction handle (drizzle's transaction has `rollback`; the database has not). */
export function isTransaction(q: Queryable): q is Tx {
  return typeof (q as { rollback?: unknown }).rollback === 'function';
}
