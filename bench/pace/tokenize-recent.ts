/**
 * Issue 18: what tokenizing a new ticket's texts costs its follow-ups, with the terms of recent
 * texts kept (`tokenize`) and without (`analyze`, the walk `tokenize` did every time before).
 * A follow-up batch of 200 tickets tokenizes each ticket's texts as the jobs' thread does: the
 * search document (subject; description and error code), the recurring incidents' describing
 * terms (the same), triage's terms (subject, description), the self-help query planned twice
 * (prefetch and plan) and the self-help answer's title coverage. Texts: the real tickets of
 * ../shared/data/triage-endava (English) and the create bench's mixed Chinese tickets.
 *
 *   node bench/pace/tokenize-recent.ts [--batches 20] [--rounds 3]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, tokenize } from '../../server/src/modules/search/tokenizer.ts';
import { ROOT } from './lib.ts';

const { values } = parseArgs({
  options: { batches: { type: 'string', default: '20' }, rounds: { type: 'string', default: '3' } },
});
const BATCH = 200;

interface Text {
  subject: string;
  description: string;
  errorCode: string;
}
const endava: Text[] = readFileSync(path.join(ROOT, '../shared/data/triage-endava/tickets.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.slice(0, line.lastIndexOf(',')))
  .filter((document) => document.length > 20)
  .map((document) => {
    const words = document.split(' ');
    return { subject: words.slice(0, 6).join(' '), description: words.slice(6).join(' '), errorCode: '' };
  });
const SUBJECTS = ['财务系统无法导出报表', 'VPN 连接频繁断开', '打印机脱机无法打印', 'Outlook 收不到邮件'];
const mixed = (i: number): Text => ({
  subject: `${SUBJECTS[i % SUBJECTS.length]} ${i}`,
  description: '自从插件更新后报错 FIN-4012. Happens every time since the update.',
  errorCode: 'FIN-4012',
});
const GUIDE_TITLES = [
  '如何重置 VPN 密码',
  'How to reconnect a printer',
  '导出报表失败的处理',
  'Outlook profile repair',
];

type Terms = (text: string, options: { mode: 'index' | 'query' }) => readonly string[];
const walk: Terms = (text, options) => analyze(text, options).map((t) => t.term);

/** One ticket's follow-ups' tokenizing; returns a count so that nothing is optimised away. */
function followUps(t: Text, terms: Terms, guide: string): number {
  const body = [t.description, t.errorCode].filter(Boolean).join('\n');
  const selfHelp = `${t.subject}\n${t.description}`;
  let n = 0;
  n += terms(t.subject, { mode: 'index' }).length + terms(body, { mode: 'index' }).length; // search document
  n += terms(t.subject, { mode: 'index' }).length + terms(body, { mode: 'index' }).length; // describing terms
  n += terms(t.subject, { mode: 'index' }).length + terms(t.description, { mode: 'index' }).length; // triage
  n += terms(selfHelp, { mode: 'query' }).length; // the self-help query, prefetched
  n += terms(`${t.subject}\n${t.description}`, { mode: 'query' }).length; // and planned
  n += terms(guide, { mode: 'query' }).length + terms(selfHelp, { mode: 'index' }).length; // title coverage
  return n;
}

let offset = 0;
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const [set, pick] of [
    ['endava', (i: number) => endava[i % endava.length] as Text],
    ['mixed', mixed],
  ] as const) {
    // New tickets each round: a text is seen again only within its own batch, as in a burst. Their
    // words are walked once first, as a desk's words are known (the word and run memos warm).
    const tickets = Number(values.batches) * BATCH;
    const batch = Array.from({ length: tickets }, (_, i) => pick(offset + i));
    offset += tickets;
    const guide = (i: number) => GUIDE_TITLES[i % GUIDE_TITLES.length] ?? '';
    for (const [i, t] of batch.entries()) followUps(t, walk, guide(i));
    for (const [code, terms] of [
      ['walk every time', walk],
      ['recent texts kept', tokenize],
    ] as const) {
      let n = 0;
      const started = process.hrtime.bigint();
      for (const [i, t] of batch.entries()) n += followUps(t, terms, guide(i));
      const us = Number(process.hrtime.bigint() - started) / 1000 / tickets;
      console.log(JSON.stringify({ round, texts: set, code, usPerTicket: Number(us.toFixed(2)), terms: n }));
    }
  }
}
