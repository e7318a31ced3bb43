/**
 * SLA benchmark 1 (issue 3): recomputing the clocks of every open ticket after a calendar
 * change. Runs the same code as the `sla.recompute` job (recomputeOpenTickets) against a
 * seeded database: once to lay down the clocks and timers, then after a change of the
 * standard calendar (new holidays and opening hours), which moves nearly every deadline and
 * so nearly every timer job. Prints a JSON summary and writes it to --out.
 *
 *   node bench/sla-recompute.ts --url postgres://... [--out bench/results/sla-recompute.json]
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { recomputeOpenTickets } from '../server/src/modules/sla/index.ts';
import { connectDatabase } from '../server/src/platform/db/database.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    out: { type: 'string' },
    batch: { type: 'string', default: '2000' },
  },
});
if (!values.url) throw new Error('--url postgres://... is required');
const database = connectDatabase(values.url, { poolSize: 4 });
const db = database.db;
const batchSize = Number(values.batch);

async function timed<T>(label: string, run: () => Promise<T>): Promise<T & { ms: number }> {
  const started = performance.now();
  const result = await run();
  const ms = Math.round(performance.now() - started);
  console.log(`${label}: ${ms} ms ${JSON.stringify(result)}`);
  return { ...result, ms };
}

const open = await database.pool.query(
  `select count(*)::int as n from tickets where status not in ('closed', 'cancelled')`,
);
const first = await timed('first computation (no clocks stored yet)', () =>
  recomputeOpenTickets(db, Date.now(), { batchSize }),
);
// The change an administrator makes before a holiday season: three new holidays from
// tomorrow (Shanghai dates) and a longer Friday.
const day = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
await database.pool.query(
  `update sla_calendars
      set holidays = array[$1, $2, $3]::text[],
          hours = hours || '[{"weekday": 5, "from": "18:00", "to": "20:00"}]'::jsonb,
          updated_at = now()
    where name = '标准工作日历 Standard office hours'`,
  [day(1), day(2), day(3)],
);
const afterChange = await timed('after the calendar change', () =>
  recomputeOpenTickets(db, Date.now(), { batchSize }),
);
// The harshest change: every working day opens half an hour earlier, which moves the deadline
// of every running clock on this calendar.
await database.pool.query(
  `update sla_calendars
      set hours = (select jsonb_agg(case when w->>'from' = '09:00' then jsonb_set(w, '{from}', '"08:30"') else w end)
                     from jsonb_array_elements(hours) w),
          updated_at = now()
    where name = '标准工作日历 Standard office hours'`,
);
const everyDeadline = await timed('after opening every day earlier', () =>
  recomputeOpenTickets(db, Date.now(), { batchSize }),
);
const unchanged = await timed('again, nothing changed', () =>
  recomputeOpenTickets(db, Date.now(), { batchSize }),
);
const jobs = await database.pool.query(
  `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'sla.timer'`,
);
// Since issue 18 the timers are the rows' next_timer_at (fired by the sweeper), not jobs.
const stored = await database.pool.query(
  `select count(*)::int as n from ticket_sla where next_timer_at is not null`,
);

const summary = {
  machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: os.platform() },
  openTickets: open.rows[0].n,
  batchSize,
  firstComputation: first,
  afterCalendarChange: afterChange,
  afterOpeningHoursChange: everyDeadline,
  unchanged,
  timerJobsWaiting: jobs.rows[0].n,
  rowsWithATimer: stored.rows[0].n,
  targetMs: 10_000,
};
console.log(JSON.stringify(summary, null, 2));
if (values.out) await writeFile(values.out, `${JSON.stringify(summary, null, 2)}\n`);
await database.close();
