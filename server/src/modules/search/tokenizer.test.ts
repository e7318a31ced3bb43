import { describe, expect, it } from 'vitest';
import { stem } from './porter-stemmer.ts';
import { conceptsFromTerms, expandSynonyms, idf } from './ranking.ts';
import { buildSnippet } from './snippet.ts';
import { analyze, tokenize } from './tokenizer.ts';

describe('tokenizing support text', () => {
  it('segments Chinese into words and keeps product names and error codes', () => {
    const text = '财务系统升级后用友U8导出报表报错 FIN-4012，Outlook 也提示 0x800CCC0E';
    const terms = tokenize(text, { mode: 'query' });
    expect(terms).toEqual(
      expect.arrayContaining([
        '财务',
        '系统升级',
        '导出',
        '报表',
        '报错',
        'fin-4012',
        'fin',
        '4012',
        'outlook',
        '0x800ccc0e',
      ]),
    );
    expect(tokenize(text, { mode: 'index' })).toEqual(expect.arrayContaining(['系统', '升级', '系统升级']));
    expect(terms).toContain('u8');
    expect(terms).not.toContain('的');
  });

  it('adds finer sub-words when indexing so that a shorter query word still matches', () => {
    const indexed = tokenize('打印机无法打印', { mode: 'index' });
    expect(indexed).toEqual(expect.arrayContaining(['打印机', '打印']));
    expect(tokenize('打印机', { mode: 'query' })).toEqual(['打印机']);
  });

  it('stems English inflections to one term and drops stop words', () => {
    expect(tokenize('The printers were printing', { mode: 'query' })).toEqual(['printer', 'print']);
    expect(tokenize('connection connected connecting')).toEqual(['connect', 'connect', 'connect']);
  });

  it('reports where each word is in the original text', () => {
    const text = 'VPN连接失败';
    for (const token of analyze(text, { mode: 'query' })) {
      expect(text.slice(token.start, token.end).toLowerCase()).toBe(
        token.term === 'vpn' ? 'vpn' : token.term,
      );
    }
  });
});

describe('the terms of recent texts', () => {
  const terms = (text: string, options: Parameters<typeof analyze>[1] = {}) =>
    analyze(text, options).map((t) => t.term);

  it('gives a text tokenized again the same terms, shared and frozen', () => {
    const text = '打印机脱机 after the update, error 0x0000011b on printer-3';
    const first = tokenize(text);
    expect(tokenize(text)).toBe(first);
    expect(first).toEqual(terms(text));
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as string[]).push('x')).toThrow(TypeError);
  });

  it('keeps each mode and stop-word setting apart', () => {
    const text = '我的打印机无法打印了 and the printers are offline';
    const index = tokenize(text, { mode: 'index' });
    const query = tokenize(text, { mode: 'query' });
    const queryWithStopWords = tokenize(text, { mode: 'query', keepStopWords: true });
    const indexWithStopWords = tokenize(text, { mode: 'index', keepStopWords: true });
    expect(index).toEqual(terms(text, { mode: 'index' }));
    expect(query).toEqual(terms(text, { mode: 'query' }));
    expect(queryWithStopWords).toEqual(terms(text, { mode: 'query', keepStopWords: true }));
    expect(indexWithStopWords).toEqual(terms(text, { mode: 'index', keepStopWords: true }));
    expect(new Set([index, query, queryWithStopWords, indexWithStopWords]).size).toBe(4);
    expect(query).not.toEqual(queryWithStopWords);
    expect(index).not.toEqual(query);
  });

  it('does not keep a very long text, and forgets what it kept once two million characters are held', () => {
    const long = 'printer offline '.repeat(1_300);
    expect(long.length).toBeGreaterThan(20_000);
    expect(tokenize(long)).not.toBe(tokenize(long));
    expect(tokenize(long)).toEqual(terms(long));

    const early = 'the first text seen: vpn drops every hour';
    const kept = tokenize(early);
    expect(tokenize(early)).toBe(kept);
    // 2,000,000 characters of other texts, each under the length kept.
    for (let i = 0; i < 101; i++) tokenize(`${i} ${'x'.repeat(19_990)}`);
    const again = tokenize(early);
    expect(again).not.toBe(kept);
    expect(again).toEqual(kept);
  });
});

describe('the Porter stemmer', () => {
  it('follows the published examples', () => {
    const cases: [string, string][] = [
      ['caresses', 'caress'],
      ['ponies', 'poni'],
      ['agreed', 'agre'],
      ['plastered', 'plaster'],
      ['motoring', 'motor'],
      ['hopping', 'hop'],
      ['happy', 'happi'],
      ['relational', 'relat'],
      ['generalization', 'gener'],
      ['adjustment', 'adjust'],
      ['controll', 'control'],
    ];
    for (const [word, expected] of cases) expect(stem(word), word).toBe(expected);
  });
});

describe('ranking helpers', () => {
  it('gives rare terms more weight', () => {
    expect(idf(1000, 1)).toBeGreaterThan(idf(1000, 500));
  });

  it('expands a query term with its synonym group, multi-word alternatives included', () => {
    const concepts = expandSynonyms(conceptsFromTerms(['vpn', '失败']), [[['vpn'], ['远程', '接入']]]);
    expect(concepts[0]?.terms).toEqual(['vpn', '远程', '接入']);
    expect(concepts[1]?.terms).toEqual(['失败']);
  });
});

describe('snippets', () => {
  it('highlights matches as written and escapes everything else', () => {
    const snippet = buildSnippet('Restart the <b>Print Spooler</b> when printing stops', new Set(['print']));
    expect(snippet).toContain('<mark>Print</mark>');
    expect(snippet).toContain('<mark>printing</mark>');
    expect(snippet).toContain('&lt;b&gt;');
    expect(snippet).not.toContain('<b>');
  });

  it('centres a long Chinese text on the matching words', () => {
    const text = `${'无关的内容。'.repeat(60)}重启打印后台处理程序即可恢复打印。${'其他说明。'.repeat(40)}`;
    const snippet = buildSnippet(text, new Set(['打印']));
    expect(snippet).toContain('<mark>打印</mark>');
    expect(snippet.startsWith('…')).toBe(true);
  });
});
