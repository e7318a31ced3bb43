import { sql } from 'drizzle-orm';
import type { ChangeFigures, ChangeFiguresQuery } from '../../../../contracts/changes.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { figuresPeriod, wordsIn } from './figures-period.ts';
import type { ExportLocale } from './labels.ts';
import type { ReportTable } from './tables.ts';

/**
 * The change figures of the reports (issue 14): the success rate of the changes implemented in
 * the period, the share of emergency changes among those created in it, and the incidents marked
 * as caused by a change in it. Reads the changes module's read models changes_v, change_tickets_v.
 */
export async function changeFigures(db: Queryable, range: { from: Date; to: Date }): Promise<ChangeFigures> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const result = await db.execute<{
    successful: number;
    failed: number;
    rolled_back: number;
    created: number;
    emergency: number;
    caused: number;
  }>(sql`
    select
      (select count(*) from changes_v where outcome = 'successful'
          and implemented_at >= ${from}::timestamptz and implemented_at < ${to}::timestamptz)::int as successful,
      (select count(*) from changes_v where outcome = 'failed'
          and implemented_at >= ${from}::timestamptz and implemented_at < ${to}::timestamptz)::int as failed,
      (select count(*) from changes_v where outcome = 'rolled_back'
          and implemented_at >= ${from}::timestamptz and implemented_at < ${to}::timestamptz)::int as rolled_back,
      (select count(*) from changes_v
          where created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz)::int as created,
      (select count(*) from changes_v where type = 'emergency'
          and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz)::int as emergency,
      (select count(distinct ticket_id) from change_tickets_v where relation = 'caused_by'
          and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz)::int as caused`);
  const row = result.rows[0];
  const successful = Number(row?.successful ?? 0);
  const failed = Number(row?.failed ?? 0);
  const rolledBack = Number(row?.rolled_back ?? 0);
  const implemented = successful + failed + rolledBack;
  const created = Number(row?.created ?? 0);
  const emergency = Number(row?.emergency ?? 0);
  return {
    implemented,
    successful,
    failed,
    rolledBack,
    successRate: implemented === 0 ? null : successful / implemented,
    created,
    emergency,
    emergencyShare: created === 0 ? null : emergency / created,
    incidentsCausedByChanges: Number(row?.caused ?? 0),
  };
}

/** GET /reports/changes: the figures of a period (default: the 30 days up to now). */
export async function getChangeFigures(options: {
  db: Queryable;
  actor: Actor;
  query: ChangeFiguresQuery;
  now?: Date;
}): Promise<ChangeFigures> {
  const { db, actor, query } = options;
  assertCan(actor, 'report.read');
  return changeFigures(db, figuresPeriod(query, options.now));
}

const WORDS: Record<string, [string, string]> = {
  title: ['Changes', '变更管理'],
  figure: ['Figure', '指标'],
  value: ['Value', '数值'],
  implemented: ['Changes implemented', '已实施变更'],
  successful: ['Successful', '成功'],
  failed: ['Failed', '失败'],
  rolledBack: ['Rolled back', '已回退'],
  successRate: ['Success rate', '变更成功率'],
  created: ['Changes created', '新建变更'],
  emergency: ['Emergency changes', '紧急变更'],
  emergencyShare: ['Emergency share', '紧急变更占比'],
  caused: ['Incidents caused by changes', '变更引发的事件'],
};

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 1000) / 10}%`);

/** The figures as a table of the weekly report (mail, page). */
export function changeTable(figures: ChangeFigures, locale: ExportLocale): ReportTable {
  const w = wordsIn(WORDS, locale);
  return {
    name: 'changes',
    title: w('title'),
    headers: [w('figure'), w('value')],
    rows: [
      [w('implemented'), figures.implemented],
      [w('successful'), figures.successful],
      [w('failed'), figures.failed],
      [w('rolledBack'), figures.rolledBack],
      [w('successRate'), percent(figures.successRate)],
      [w('created'), figures.created],
      [w('emergency'), figures.emergency],
      [w('emergencyShare'), percent(figures.emergencyShare)],
      [w('caused'), figures.incidentsCausedByChanges],
    ],
  };
}
