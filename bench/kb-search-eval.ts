/**
 * Knowledge search evaluation on StackFAQ (shared/data/kb-search-stackfaq): loads the 125
 * articles through the API, runs every development query through GET /search and reports
 * MRR@10, Success@1 and Success@5. Then "this solved it" feedback (POST
 * /kb/articles/:id/feedback with the query) is given for one half of the queries and the
 * other half is measured again: learning from use.
 *
 *   node bench/kb-search-eval.ts [--data ../shared/data/kb-search-stackfaq] [--port 4210]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rankMetrics, startEvalServer } from './lib/eval-server.ts';

const { values } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: path.resolve(import.meta.dirname, '../../shared/data/kb-search-stackfaq'),
    },
    port: { type: 'string', default: '4210' },
    'pg-port': { type: 'string', default: '4211' },
    out: { type: 'string' },
  },
});

interface Article {
  id: string;
  title: string;
  body: string;
}
interface Query {
  query: string;
  relevant: string;
}

const articles = JSON.parse(
  await readFile(path.join(values.data ?? '', 'articles.json'), 'utf8'),
) as Article[];
const queries = JSON.parse(
  await readFile(path.join(values.data ?? '', 'queries-dev.json'), 'utf8'),
) as Query[];
const server = await startEvalServer({ port: Number(values.port), pgPort: Number(values['pg-port']) });
try {
  const ids = new Map<string, number>();
  for (const a of articles) {
    const created = await server.call<{ id: number }>('POST', '/kb/articles', {
      title: a.title,
      problem: a.title,
      solution: a.body,
      language: 'en',
      visibility: 'public',
      status: 'published',
    });
    ids.set(a.id, created.id);
  }
  const requester = await server.user('requester');
  async function rankOf(q: Query): Promise<number> {
    const result = await server.call<{ items: { id: number }[] }>(
      'GET',
      `/search?scope=articles&limit=10&q=${encodeURIComponent(q.query)}`,
      undefined,
      requester.headers,
    );
    const index = result.items.findIndex((item) => item.id === ids.get(q.relevant));
    return index + 1;
  }
  const started = performance.now();
  const allRanks: number[] = [];
  for (const q of queries) allRanks.push(await rankOf(q));
  const perQueryMs = (performance.now() - started) / queries.length;
  // Half the queries give feedback, the other half is measured: every other query of each article.
  // Alternating through the queries (grouped by article in the file) gives each article
  // about half of its wordings on each side.
  const feedbackHalf = queries.filter((_, i) => i % 2 === 0);
  const measuredHalf = queries.filter((_, i) => i % 2 === 1);
  const before = measuredHalf.map((q) => allRanks[queries.indexOf(q)] ?? 0);
  for (const q of feedbackHalf) {
    await server.call(
      'POST',
      `/kb/articles/${ids.get(q.relevant)}/feedback`,
      { helpful: true, query: q.query },
      requester.headers,
    );
  }
  const after: number[] = [];
  for (const q of measuredHalf) after.push(await rankOf(q));
  const report = {
    dataset: 'kb-search-stackfaq (125 articles, queries-dev.json)',
    articles: articles.length,
    noFeedback: rankMetrics(allRanks),
    measuredHalfBeforeFeedback: rankMetrics(before),
    measuredHalfAfterFeedback: rankMetrics(after),
    feedbackGiven: feedbackHalf.length,
    meanQueryMs: Math.round(perQueryMs * 10) / 10,
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await server.stop();
}
