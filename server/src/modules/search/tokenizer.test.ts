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
