import { sql } from 'drizzle-orm';
import {
  PROBLEM_AGE_BUCKETS,
  type ProblemFigures,
  type ProblemFiguresQuery,
} from '../../../../contracts/problems.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { figuresPeriod, wordsIn } from './figures-period.ts';
import type { ExportLocale } from './labels.ts';
import type { ReportTable } from './tables.ts';

/**
 * The problem figures of the reports (issue 14, RS-4): open problems by age at the end of the
 * period (as they are now for a period that ends now), known errors, and the problems opened
 * and resolved within the period. Reads the problems module's read model `problems_v`.
 */
export async function problemFigures(
  db: Queryable,
  range: { from: Date; to: Date },
): Promise<ProblemFigures> {
  const at = range.to.toISOString();
  const from = range.from.toISOString();
  const result = await db.execute<{
    lt_7d: number;
    '7d_30d': number;
    '30d_90d': number;
    gt_90d: number;
    known_errors: number;
    known_error_articles: number;
    opened: number;
    resolved: number;
  }>(sql`
    with open as (
      select p.*, ${at}::timestamptz - p.created_at as age from problems_v p
       where p.created_at < ${at}::timestamptz
         and (p.resolved_at is null or p.resolved_at >= ${at}::timestamptz)
         and (p.closed_at is null or p.closed_at >= ${at}::timestamptz))
    select
      (select count(*) from open where age < interval '7 days')::int as lt_7d,
      (select count(*) from open where age >= interval '7 days' and age < interval '30 days')::int as "7d_30d",
      (select count(*) from open where age >= interval '30 days' and age < interval '90 days')::int as "30d_90d",
      (select count(*) from open where age >= interval '90 days')::int as gt_90d,
      (select count(*) from open where status = 'known_error')::int as known_errors,
      (select count(*) from problems_v where known_error_article_id is not null
          and created_at < ${at}::timestamptz)::int as known_error_articles,
      (select count(*) from problems_v where created_at >= ${from}::timestamptz
          and created_at < ${at}::timestamptz)::int as opened,
      (select count(*) from problems_v where resolved_at >= ${from}::timestamptz
          and resolved_at < ${at}::timestamptz)::int as resolved`);
  const row = result.rows[0];
  const ageBuckets = PROBLEM_AGE_BUCKETS.map((bucket) => ({ bucket, count: Number(row?.[bucket] ?? 0) }));
  return {
    open: ageBuckets.reduce((sum, b) => sum + b.count, 0),
    ageBuckets,
    knownErrors: Number(row?.known_errors ?? 0),
    knownErrorArticles: Number(row?.known_error_articles ?? 0),
    opened: Number(row?.opened ?? 0),
    resolved: Number(row?.resolved ?? 0),
  };
}

/** GET /reports/problems: the figures of a period (default: the 30 days up to now). */
export async function getProblemFigures(options: {
  db: Queryable;
  actor: Actor;
  query: ProblemFiguresQuery;
  now?: Date;
}): Promise<ProblemFigures> {
  const { db, actor, query } = options;
  assertCan(actor, 'report.read');
  return problemFigures(db, figuresPeriod(query, options.now));
}

const WORDS: Record<string, [string, string]> = {
  title: ['Problems', '问题管理'],
  figure: ['Figure', '指标'],
  value: ['Value', '数值'],
  open: ['Open problems', '未解决问题'],
  lt_7d: ['Open < 7 days', '未解决，7 天内'],
  '7d_30d': ['Open 7-30 days', '未解决，7-30 天'],
  '30d_90d': ['Open 30-90 days', '未解决，30-90 天'],
  gt_90d: ['Open > 90 days', '未解决，90 天以上'],
  knownErrors: ['Known errors (open)', '已知错误（未解决）'],
  knownErrorArticles: ['Known-error articles', '已知错误知识文章'],
  opened: ['Problems opened', '新建问题'],
  resolved: ['Problems resolved', '已解决问题'],
};

/** The figures as a table of the weekly report (mail, page). */
export function problemTable(figures: ProblemFigures, locale: ExportLocale): ReportTable {
  const w = wordsIn(WORDS, locale);
  return {
    name: 'problems',
    title: w('title'),
    headers: [w('figure'), w('value')],
    rows: [
      [w('open'), figures.open],
      ...figures.ageBuckets.map((b) => [w(b.bucket), b.count]),
      [w('knownErrors'), figures.knownErrors],
      [w('knownErrorArticles'), figures.knownErrorArticles],
      [w('opened'), figures.opened],
      [w('resolved'), figures.resolved],
    ],
  };
}
