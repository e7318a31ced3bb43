import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setupTestApp } from '../../../test/harness.ts';
import { settings } from '../../db/schema.ts';
import { defineSettings } from './settings.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;
const Doc = z.object({ limit: z.number().int().min(1), label: z.string() });

describe('defineSettings', () => {
  it('gives the defaults until a value is stored, then the stored value', async () => {
    const doc = defineSettings('test_doc_a', Doc, () => ({ limit: 3, label: '默认' }));
    expect(await doc.find(db)).toBeNull();
    expect(await doc.get(db)).toEqual({ limit: 3, label: '默认' });
    await doc.set(db, { limit: 7, label: '七' });
    expect(await doc.get(db)).toEqual({ limit: 7, label: '七' });
    await doc.set(db, { limit: 8, label: '八' });
    const [row] = await db.select().from(settings).where(eq(settings.key, 'test_doc_a'));
    expect(row?.value).toEqual({ limit: 8, label: '八' });
  });

  it('reads a stored value that no longer meets the schema as not set', async () => {
    await db.insert(settings).values({ key: 'test_doc_b', value: { limit: 'many' } });
    const doc = defineSettings('test_doc_b', Doc, () => ({ limit: 1, label: 'x' }));
    expect(await doc.find(db)).toBeNull();
    expect(await doc.get(db)).toEqual({ limit: 1, label: 'x' });
  });

  it('refuses to store a value that does not meet the schema, and keeps the old one', async () => {
    const doc = defineSettings('test_doc_c', Doc, () => ({ limit: 1, label: 'x' }));
    await doc.set(db, { limit: 2, label: 'two' });
    await expect(doc.set(db, { limit: 0, label: 'zero' })).rejects.toThrow();
    expect(await doc.get(db)).toEqual({ limit: 2, label: 'two' });
  });

  it('setIfAbsent keeps the first value stored', async () => {
    const doc = defineSettings('test_doc_d', Doc, () => ({ limit: 1, label: 'x' }));
    await doc.setIfAbsent(db, { limit: 4, label: 'first' });
    await doc.setIfAbsent(db, { limit: 5, label: 'second' });
    expect(await doc.get(db)).toEqual({ limit: 4, label: 'first' });
  });
});
