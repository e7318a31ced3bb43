import { recordEvent } from '../audit/index.ts';
import { type ImportOutcome, importTickets } from './import-tickets.ts';

/**
 * POST /import/tickets: imports the JSON Lines body, then records `import.completed` with the
 * counts and the first 1000 created ticket ids (the import's lines commit one by one, so the
 * record of the whole run is its own transaction after them).
 */
export async function runImport(
  options: Parameters<typeof importTickets>[0],
): Promise<Omit<ImportOutcome, 'createdIds'>> {
  const { db, actor } = options;
  const { createdIds, ...outcome } = await importTickets(options);
  await db.transaction((tx) =>
    recordEvent(tx, {
      kind: 'import.completed',
      entityType: 'import',
      entityId: null,
      actorId: actor.id,
      data: {
        created: outcome.created,
        skipped: outcome.skipped,
        errors: outcome.errors.length,
        ticketIds: createdIds.slice(0, 1000),
      },
    }),
  );
  return outcome;
}
