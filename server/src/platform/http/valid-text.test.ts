import { describe, expect, it } from 'vitest';
import { findInvalidText } from './valid-text.ts';

const NUL = 'a\u0000b';
const LONE = 'x\uD800y';

describe('findInvalidText: the first string that is not valid text, in field notation', () => {
  it('finds nothing in nothing, in flat objects of valid texts, and in nested valid values', () => {
    expect(findInvalidText(undefined)).toBeNull();
    expect(findInvalidText(null, 'query')).toBeNull();
    expect(findInvalidText({}, 'query')).toBeNull();
    expect(findInvalidText({ id: '42', q: '打印机 😀' }, 'params')).toBeNull();
    expect(findInvalidText(Object.assign(Object.create(null), { token: 'abc' }), 'query')).toBeNull();
    expect(findInvalidText({ items: [{ subject: 'ok' }], n: 1, flag: true, none: null })).toBeNull();
  });

  it('names the field of a bad value or key, flat or nested, as before the flat check', () => {
    expect(findInvalidText({ id: NUL }, 'params')).toBe('params.id');
    expect(findInvalidText({ q: 'fine', other: LONE }, 'query')).toBe('query.other');
    expect(findInvalidText({ [NUL]: 'v' }, 'query')).toBe('query.a\uFFFDb');
    // Keys are checked as an object is opened, values from the last one back (the walk's order).
    expect(findInvalidText({ a: NUL, b: LONE })).toBe('b');
    expect(findInvalidText({ a: NUL, [LONE]: 'fine' })).toBe('x\uFFFDy');
    expect(findInvalidText({ n: 1, s: NUL })).toBe('s');
    expect(findInvalidText({ items: [{ subject: 'ok' }, { subject: NUL }] })).toBe('items.1.subject');
    expect(findInvalidText(NUL)).toBe('');
    expect(findInvalidText([LONE], 'body')).toBe('body.0');
  });
});
