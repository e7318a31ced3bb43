import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ChangeFigures, ChangeFiguresQuery } from '../../../../contracts/changes.ts';
import { ProblemFigures, ProblemFiguresQuery } from '../../../../contracts/problems.ts';
import {
  DrilldownPage,
  DrilldownQuery,
  ReportSubscription,
  ReportSummary,
  SummaryQuery,
  WeeklyQuery,
  WeeklyReport,
} from '../../../../contracts/reports.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { getChangeFigures } from './change-figures.ts';
import { getDrilldown } from './drilldown.ts';
import { findPdfFont, toCsv, toPdf, toXlsx } from './export-formats.ts';
import { word } from './labels.ts';
import { getProblemFigures } from './problem-figures.ts';
import { getReportSubscription, setReportSubscription } from './subscriptions.ts';
import { getReportSummary } from './summary.ts';
import { drilldownTable, summaryTable, weeklyTables } from './tables.ts';
import { getWeeklyReport } from './weekly.ts';

/** The most rows a drill-down CSV carries. */
const CSV_ROWS = 10_000;

function download(reply: FastifyReply, filename: string, type: string, body: string | Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body);
}
const CSV = 'text/csv; charset=utf-8';

export async function reportRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['reports'];

  app.get(
    '/reports/summary',
    { schema: { tags, querystring: SummaryQuery, response: { 200: ReportSummary } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format, table, ...filters } = request.query;
      const summary = await getReportSummary({ db, actor, filters });
      if (format === 'json') return summary;
      return download(reply, `report-${table}.csv`, CSV, toCsv(summaryTable(summary, table, actor.locale)));
    },
  );

  // Problem figures (issue 14): open problems by age, known errors.
  app.get(
    '/reports/problems',
    { schema: { tags, querystring: ProblemFiguresQuery, response: { 200: ProblemFigures } } },
    async (request) => getProblemFigures({ db, actor: requireActor(request), query: request.query }),
  );

  // Change figures (issue 14): success rate, emergency share, incidents caused by changes.
  app.get(
    '/reports/changes',
    { schema: { tags, querystring: ChangeFiguresQuery, response: { 200: ChangeFigures } } },
    async (request) => getChangeFigures({ db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/reports/drilldown',
    { schema: { tags, querystring: DrilldownQuery, response: { 200: DrilldownPage } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const query = request.query;
      if (query.format === 'json') return getDrilldown({ db, actor, query });
      const page = await getDrilldown({ db, actor, query: { ...query, limit: CSV_ROWS, cursor: undefined } });
      return download(reply, `drilldown-${query.metric}.csv`, CSV, toCsv(drilldownTable(page, actor.locale)));
    },
  );

  app.get(
    '/reports/weekly',
    { schema: { tags, querystring: WeeklyQuery, response: { 200: WeeklyReport } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format, table } = request.query;
      const report = await getWeeklyReport({
        db,
        actor,
        ...(request.query.week ? { week: request.query.week } : {}),
      });
      if (format === 'json') return report;
      const locale = actor.locale;
      const tables = weeklyTables(report, locale);
      const name = `weekly-report-${report.week}`;
      if (format === 'csv') return download(reply, `${name}-${table}.csv`, CSV, toCsv(tables[table]));
      if (format === 'xlsx') {
        const xlsx = await toXlsx(Object.values(tables));
        return download(
          reply,
          `${name}.xlsx`,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          xlsx,
        );
      }
      const pdf = await toPdf({
        title: word('weekly_title', locale, { week: report.week }),
        subtitle: [
          word('period', locale, { from: report.from, to: report.to, tz: report.timezone }),
          word('generated', locale, { at: report.generatedAt }),
        ],
        tables: Object.values(tables),
        locale,
        fontPath: findPdfFont(deps.config.REPORT_PDF_FONT),
      });
      return download(reply, `${name}.pdf`, 'application/pdf', pdf);
    },
  );

  app.get(
    '/reports/subscription',
    { schema: { tags, response: { 200: ReportSubscription } } },
    async (request) => getReportSubscription({ tx: db, actor: requireActor(request) }),
  );

  app.put(
    '/reports/subscription',
    { schema: { tags, body: ReportSubscription, response: { 200: ReportSubscription } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => setReportSubscription({ tx, actor, weekly: request.body.weekly }));
    },
  );
}
