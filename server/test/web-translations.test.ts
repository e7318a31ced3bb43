import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Everything the web app shows is in both languages: the two dictionaries have the same keys,
 * no value is empty, both sides use the same {{placeholders}}, and every key the code asks for
 * (t('...'), or a t(`prefix.${...}`) family) exists. A missing key would reach the screen raw.
 */
const WEB = path.resolve(import.meta.dirname, '../../web/src');
const LOCALES = path.join(WEB, 'app/locales');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Dictionary = Map<string, string>;

function flatten(value: unknown, prefix: string, into: Dictionary): Dictionary {
  if (typeof value === 'string') {
    into.set(prefix, value);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, String(value));
  }
  return into;
}

const load = (file: string): Dictionary =>
  flatten(JSON.parse(readFileSync(path.join(LOCALES, file), 'utf8')), '', new Map());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every t('...') and t(`...${x}...`) key in the web app, with the file it is in. */
function keysInCode(): { key: string; file: string }[] {
  const found: { key: string; file: string }[] = [];
  const call = /\bt\(\s*(['"`])([a-zA-Z][\w.${}()?:'" -]*?)\1/g;
  for (const file of sourceFiles(WEB)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) {
      const key = match[2] ?? '';
      // A key of the dictionary has dots between words; a sentence passed to t() is not a key.
      if (!key.includes('.') || /\s/.test(key.replace(/\$\{[^}]*\}/g, ''))) continue;
      found.push({ key, file: path.relative(WEB, file) });
    }
  }
  return found;
}

/** The {{names}} a text fills in; a plural form may leave out the count ("the week before"). */
const placeholders = (key: string, text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)/g)]
    .map((m) => m[1])
    .filter((name) => !(PLURAL.test(key) && name === 'count'))
    .sort();
const baseKeys = (dictionary: Dictionary) =>
  new Set([...dictionary.keys()].map((k) => k.replace(PLURAL, '')));

describe('web translations', () => {
  const zh = load('zh-CN.json');
  const en = load('en.json');

  it('has every key in both languages', () => {
    const onlyZh = [...zh.keys()].filter((key) => !en.has(key));
    const onlyEn = [...en.keys()].filter((key) => !zh.has(key));
    expect({ missingInEnglish: onlyZh, missingInChinese: onlyEn }).toEqual({
      missingInEnglish: [],
      missingInChinese: [],
    });
  });

  it('has no empty text, and the same placeholders on both sides', () => {
    const empty = [...zh, ...en].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
    const mismatched = [...zh.keys()]
      .filter((key) => en.has(key))
      .filter(
        (key) => placeholders(key, zh.get(key) ?? '').join() !== placeholders(key, en.get(key) ?? '').join(),
      );
    expect(mismatched).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const keys = baseKeys(zh);
    const all = [...keys];
    const missing: string[] = [];
    const used = keysInCode();
    for (const { key, file } of used) {
      if (!key.includes('${')) {
        if (!keys.has(key)) missing.push(`${file}: ${key}`);
        continue;
      }
      // t(`status.${s}`): at least one key of that shape must exist.
      const pattern = new RegExp(
        `^${key
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[\\w.-]+')}$`,
      );
      if (!all.some((candidate) => pattern.test(candidate))) missing.push(`${file}: ${key}`);
    }
    expect(used.length).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });
});
