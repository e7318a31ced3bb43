// Issue 18: how long drizzle takes to build the server's statements (its SQL text from the query
// builder or `sql` template), by statement. A preload for the server, e.g.
//   node bench/pace/create.ts --runs 1 --no-ceiling \
//     --env NODE_OPTIONS=--import=$PWD/bench/pace/count-builds.mjs --env BUILD_STATS_FILE=$PWD/.tmp/builds.json
// writes { total, msTotal, rows: the 40 costliest texts (first 110 characters), with calls and
// µs each } to BUILD_STATS_FILE every 3 s. Measurement only: it wraps PgDialect.sqlToQuery.
import { writeFileSync } from 'node:fs';

const { PgDialect } = await import(
  new URL('../../node_modules/drizzle-orm/pg-core/dialect.js', import.meta.url)
);
const original = PgDialect.prototype.sqlToQuery;
const byText = new Map();
let total = 0;
let totalNs = 0n;
PgDialect.prototype.sqlToQuery = function (query, invokeSource) {
  const started = process.hrtime.bigint();
  const built = original.call(this, query, invokeSource);
  const ns = process.hrtime.bigint() - started;
  total += 1;
  totalNs += ns;
  const key = built.sql.replace(/\s+/g, ' ').slice(0, 110);
  const entry = byText.get(key) ?? { calls: 0, ns: 0n, params: built.params.length };
  entry.calls += 1;
  entry.ns += ns;
  byText.set(key, entry);
  return built;
};
setInterval(() => {
  const rows = [...byText]
    .sort((a, b) => Number(b[1].ns - a[1].ns))
    .slice(0, 40)
    .map(([text, e]) => ({
      text,
      calls: e.calls,
      usEach: Number(e.ns / BigInt(e.calls)) / 1000,
      msTotal: Number(e.ns) / 1e6,
      params: e.params,
    }));
  writeFileSync(
    process.env.BUILD_STATS_FILE ?? 'builds.json',
    JSON.stringify({ total, msTotal: Number(totalNs) / 1e6, rows }, null, 1),
  );
}, 3000).unref();
