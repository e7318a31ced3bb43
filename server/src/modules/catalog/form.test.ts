import { describe, expect, it } from 'vitest';
import type { FormField } from '../../../../contracts/catalog.ts';
import { formProblem } from './form-definition.ts';
import { checkAnswers, isShown } from './validate-answers.ts';

const label = (en: string) => ({ 'zh-CN': en, en });
const FORM: FormField[] = [
  {
    key: 'kind',
    label: label('Kind'),
    type: 'select',
    required: true,
    options: [
      { value: 'laptop', label: label('Laptop') },
      { value: 'monitor', label: label('Monitor') },
    ],
  },
  {
    key: 'os',
    label: label('OS'),
    type: 'select',
    required: true,
    options: [{ value: 'win', label: label('Windows') }],
    showIf: { key: 'kind', equals: 'laptop' },
  },
  { key: 'needed_by', label: label('Needed by'), type: 'date', required: false },
  { key: 'count', label: label('Count'), type: 'number', required: false },
  {
    key: 'extras',
    label: label('Extras'),
    type: 'multiselect',
    required: false,
    options: [
      { value: 'bag', label: label('Bag') },
      { value: 'mouse', label: label('Mouse') },
    ],
  },
  {
    key: 'note',
    label: label('Note'),
    type: 'textarea',
    required: false,
    showIf: { key: 'extras', equals: 'bag' },
  },
  { key: 'file', label: label('File'), type: 'attachment', required: false },
];

describe('formProblem', () => {
  it('accepts a good form', () => {
    expect(formProblem(FORM)).toBeNull();
  });
  it('names a duplicate key, a choice without options, options on a text field and a bad showIf', () => {
    expect(formProblem([FORM[2] as FormField, FORM[2] as FormField])?.field).toBe('form.1.key');
    expect(formProblem([{ ...(FORM[0] as FormField), options: [] }])?.field).toBe('form.0.options');
    expect(
      formProblem([{ ...(FORM[2] as FormField), options: [{ value: 'x', label: label('x') }] }])?.field,
    ).toBe('form.0.options');
    expect(formProblem([FORM[1] as FormField])?.field).toBe('form.0.showIf.key');
    expect(
      formProblem([
        FORM[0] as FormField,
        { ...(FORM[1] as FormField), showIf: { key: 'kind', equals: 'tablet' } },
      ])?.field,
    ).toBe('form.1.showIf.equals');
    expect(
      formProblem([{ ...(FORM[2] as FormField), showIf: { key: 'needed_by', equals: 'x' } }])?.field,
    ).toBe('form.0.showIf.key');
    expect(
      formProblem([{ key: 'file', label: label('File'), type: 'attachment', required: true }])?.field,
    ).toBe('form.0.required');
    const twice = {
      ...(FORM[0] as FormField),
      options: [
        { value: 'a', label: label('a') },
        { value: 'a', label: label('b') },
      ],
    };
    expect(formProblem([twice])?.field).toBe('form.0.options.1.value');
  });
});

describe('checkAnswers', () => {
  it('requires a required field only while it is shown, and drops answers to hidden fields', () => {
    expect(checkAnswers(FORM, { kind: 'monitor' })).toEqual({ ok: true, answers: { kind: 'monitor' } });
    const missing = checkAnswers(FORM, { kind: 'laptop' });
    expect(missing.ok ? null : missing.problem.field).toBe('answers.os');
    expect(checkAnswers(FORM, { kind: 'monitor', os: 'win' })).toEqual({
      ok: true,
      answers: { kind: 'monitor' },
    });
    expect(isShown(FORM[5] as FormField, { extras: ['mouse', 'bag'] })).toBe(true);
  });
  it('checks types and options and names the field at fault', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'tablet' }, 'answers.kind'],
      [{ kind: 'monitor', needed_by: '2026-02-30' }, 'answers.needed_by'],
      [{ kind: 'monitor', needed_by: 'tomorrow' }, 'answers.needed_by'],
      [{ kind: 'monitor', count: '3' }, 'answers.count'],
      [{ kind: 'monitor', extras: ['bag', 'bag'] }, 'answers.extras'],
      [{ kind: 'monitor', extras: 'bag' }, 'answers.extras'],
      [{ kind: 'monitor', surprise: 'x' }, 'answers.surprise'],
      [{}, 'answers.kind'],
      [{ kind: 'monitor', file: 3 }, 'answers.file'],
    ];
    for (const [answers, field] of cases) {
      const result = checkAnswers(FORM, answers as never);
      expect(result.ok ? null : result.problem.field, JSON.stringify(answers)).toBe(field);
    }
    expect(
      checkAnswers(FORM, {
        kind: 'laptop',
        os: 'win',
        needed_by: '2026-12-31',
        count: 2,
        extras: ['bag'],
        note: ' x ',
      }),
    ).toEqual({
      ok: true,
      answers: { kind: 'laptop', os: 'win', needed_by: '2026-12-31', count: 2, extras: ['bag'], note: 'x' },
    });
  });
});
