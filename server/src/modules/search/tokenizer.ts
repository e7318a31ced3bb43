import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { stem } from './porter-stemmer.ts';

/**
 * Turns support text (Chinese, English, product names and error codes mixed) into index
 * terms. Chinese runs are segmented into words by jieba; Latin words are lower-cased and
 * Porter-stemmed; codes such as `0x800CCC0E` or `FIN-4012` are kept whole (and in parts).
 * Pure apart from the jieba dictionary, which is loaded once.
 */

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Words too common to tell documents apart. */
const EN_STOP = new Set(
  (
    'a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its ' +
    'me my no not of on or our so such than that the their them then there these they this to too was we were what ' +
    'when where which while who why will with would you your yours am im dont doesnt cant isnt wont get got any some ' +
    'just also should there here way want try tried trying'
  ).split(' '),
);
const ZH_STOP = new Set(
  '的 了 和 是 在 我 有 就 不 人 都 一 一个 也 很 到 说 要 去 你 会 着 没有 看 好 自己 这 那 吗 呢 吧 啊 请 您 我们 他们 它 与 及 或 而 被 把 让 给 对 从 又 还 但 并 等 怎么 怎么办 如何 什么 为什么 一下 现在 已经 可以 能 想 所以 因为 然后 这个 那个 里 上 下 中 后 前 时 时候'.split(
    ' ',
  ),
);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** A CJK run, a Latin/number word (with inner - _ . joining code parts), or anything else. */
const CHUNK = /([\u3400-\u9fff\uf900-\ufaff]+)|([A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)/g;

export interface Token {
  /** The index term. */
  term: string;
  /** Where the surface word is in the original text (UTF-16 offsets), for highlighting. */
  start: number;
  end: number;
}

export interface TokenizeOptions {
  /** Index mode adds jieba's finer sub-words (打印机 -> 打印, 打印机) for recall. */
  mode?: 'index' | 'query';
  keepStopWords?: boolean;
}

/** Every term of `text`, in order, with its position in the text. */
export function analyze(text: string, options: TokenizeOptions = {}): Token[] {
  const mode = options.mode ?? 'index';
  const out: Token[] = [];
  const push = (term: string, start: number, end: number) => {
    if (!term) return;
    if (!options.keepStopWords && (EN_STOP.has(term) || ZH_STOP.has(term))) return;
    out.push({ term, start, end });
  };
  for (const match of text.normalize('NFKC').matchAll(CHUNK)) {
    const start = match.index;
    if (match[1]) {
      if (mode === 'index') {
        for (const w of segmentForIndex(match[1]))
          push(w.word, start + w.offset, start + w.offset + w.word.length);
      } else {
        let offset = start;
        for (const w of segmentForQuery(match[1])) {
          push(w, offset, offset + w.length);
          offset += w.length;
        }
      }
      continue;
    }
    const word = match[2] ?? '';
    const end = start + word.length;
    const lower = word.toLowerCase();
    const parts = lower.split(/[-_.]/).filter(Boolean);
    if (parts.length > 1) {
      // A code such as fin-4012 or 10.0.0.1: the whole, and each part.
      if (/\d/.test(lower)) push(lower, start, end);
      let partStart = start;
      for (const part of parts) {
        const at = lower.indexOf(part, partStart - start) + start;
        push(latinTerm(part), at, at + part.length);
        partStart = at + part.length;
      }
    } else {
      push(latinTerm(lower), start, end);
    }
  }
  return out;
}

/**
 * Just the terms. The same text is often tokenized again within moments (issue 18: a new
 * ticket's subject and description by its search document, triage's terms, the recurring
 * incidents' describing terms, and its self-help query twice, in one follow-up batch), so the
 * terms of recent texts are kept (`recentTerms`) and shared: callers must not change them.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): readonly string[] {
  const mode = options.mode ?? 'index';
  const kept = recentTerms[mode][options.keepStopWords ? 1 : 0];
  let terms = kept.get(text);
  if (terms === undefined) {
    terms = Object.freeze(analyze(text, options).map((t) => t.term));
    kept.set(text, terms);
  }
  return terms;
}

/**
 * The terms of texts tokenized lately, by mode and stop-word setting: at most
 * RECENT_CHARACTERS of text held in all (a follow-up batch of 200 tickets with 500-character
 * descriptions holds about 300,000; a few megabytes with their terms), all forgotten when that
 * is reached; a text longer than RECENT_TEXT_LENGTH is not kept.
 */
const RECENT_CHARACTERS = 2_000_000;
const RECENT_TEXT_LENGTH = 20_000;
let recentCharacters = 0;

class RecentTerms {
  readonly #terms = new Map<string, readonly string[]>();

  get(text: string): readonly string[] | undefined {
    return this.#terms.get(text);
  }

  set(text: string, terms: readonly string[]): void {
    if (text.length > RECENT_TEXT_LENGTH) return;
    if (recentCharacters + text.length > RECENT_CHARACTERS) forgetRecentTerms();
    this.#terms.set(text, terms);
    recentCharacters += text.length;
  }

  clear(): void {
    this.#terms.clear();
  }
}

const recentTerms = {
  index: [new RecentTerms(), new RecentTerms()],
  query: [new RecentTerms(), new RecentTerms()],
} as const;

function forgetRecentTerms(): void {
  for (const kept of [...recentTerms.index, ...recentTerms.query]) kept.clear();
  recentCharacters = 0;
}

/**
 * Words and Chinese runs already analysed, with their result (issue 18: a ticket's text is
 * tokenized five times on its way through the worker: its search index, triage's terms, the
 * self-help query planned twice, the recurring incidents' description; and a desk's words
 * repeat). Exact: stemming and segmenting are pure. Bounded: emptied when full, and only keys
 * of at most KEPT_KEY_LENGTH characters kept (a long run of Chinese text is rarely seen twice,
 * and 20,000 of them could hold hundreds of megabytes).
 */
const KEPT_KEY_LENGTH = 64;

function memo<V>(max: number, make: (key: string) => V): (key: string) => V {
  const entries = new Map<string, V>();
  return (key) => {
    if (key.length > KEPT_KEY_LENGTH) return make(key);
    let value = entries.get(key);
    if (value === undefined) {
      value = make(key);
      if (entries.size >= max) entries.clear();
      entries.set(key, value);
    }
    return value;
  };
}

const stemmed = memo(50_000, stem);
/** jieba's precise mode (a query's words). */
const segmentForQuery = memo<readonly string[]>(20_000, (run) => segmenter().cut(run, true));
/** jieba's search mode, with the offset of each word in the run. */
const segmentForIndex = memo<readonly { word: string; offset: number }[]>(20_000, (run) =>
  segmentRunForIndex(run),
);

function latinTerm(word: string): string {
  if (word.length > 40) return word.slice(0, 40);
  return /^[a-z]+$/.test(word) ? stemmed(word) : word;
}

function segmentRunForIndex(run: string): { word: string; offset: number }[] {
  const precise = segmenter().cut(run, true);
  const out: { word: string; offset: number }[] = [];
  let offset = 0;
  for (const word of precise) {
    // Long words also yield their dictionary sub-words (cut_for_search), at the same place.
    if (word.length > 2) {
      for (const sub of segmenter().cutForSearch(word, true)) {
        if (sub !== word && sub.length >= 2) {
          const at = word.indexOf(sub);
          out.push({ word: sub, offset: offset + Math.max(0, at) });
        }
      }
    }
    out.push({ word, offset });
    offset += word.length;
  }
  return out;
}

export function hasChinese(text: string): boolean {
  return CJK.test(text);
}
