import { isView, sql } from 'drizzle-orm';
import { getViewConfig, type PgView } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../test/harness.ts';
import * as schema from './schema.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

// Every read model a schema file declares (pgView ... .existing()) must exist in the migrated
// database with exactly the columns it declares: the view is the owner's contract.
const views = (Object.values(schema) as unknown[]).filter((value): value is PgView => isView(value));

describe('read models', () => {
  it('declares some views', () => {
    expect(views.length).toBeGreaterThanOrEqual(10);
  });

  it.each(views.map((view) => [getViewConfig(view).name, view] as const))(
    '%s exists with the declared columns',
    async (name, view) => {
      const result = await db.execute<{ column_name: string }>(sql`
        select column_name from information_schema.columns
         where table_schema = 'public' and table_name = ${name} order by column_name`);
      const declared = Object.values(getViewConfig(view).selectedFields).map(
        (column) => (column as { name: string }).name,
      );
      expect(result.rows.map((r) => r.column_name)).toEqual([...declared].sort());
      await db.execute(sql`select * from ${sql.identifier(name)} limit 1`);
    },
  );

  it('names every view after the module that owns it', () => {
    const prefixes = [
      'audit_',
      'identity_',
      'ticket',
      'sla_',
      'surveys_',
      'escalation_',
      'resolution_',
      'kb_',
      'problem',
      'asset',
      'change',
    ];
    for (const view of views) {
      const name = getViewConfig(view).name;
      expect(
        prefixes.some((p) => name.startsWith(p)),
        name,
      ).toBe(true);
    }
  });
});
