import { sql } from 'drizzle-orm';
import type { AssetDto, CreateRelationInput, RelationKind } from '../../../../contracts/assets.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadAsset } from './assets.ts';
import { getAsset } from './get-asset.ts';

/**
 * Kinds whose relations may not form a cycle: nothing runs on, or is part of, itself through
 * others. `depends_on` may (two services that call each other): impact analysis walks the
 * graph with a visited set (graph.ts relatedAssetIds), so a cycle ends there.
 */
const ACYCLIC: readonly RelationKind[] = ['runs_on', 'part_of'];

/** An agent relates the asset to another: this asset `kind` the target. */
export async function addRelation(options: {
  tx: Tx;
  actor: Actor;
  assetId: number;
  input: CreateRelationInput;
}): Promise<AssetDto> {
  const { tx, actor, assetId, input } = options;
  assertCan(actor, 'ticket.work');
  if (input.targetId === assetId) throw new AppError('asset.relation_self', { field: 'targetId' });
  const from = await loadAsset(tx, assetId, { forUpdate: true });
  const { rows: targets } = await tx.execute<{ id: number; name: string; type: string }>(
    sql`select id, name, type from assets where id = ${input.targetId} for update`,
  );
  const to = targets[0];
  if (!to) throw new AppError('asset.not_found', { field: 'targetId' });
  if (ACYCLIC.includes(input.kind)) {
    // Is this asset reachable from the target by the same kind? Then the new edge closes a cycle.
    const { rows } = await tx.execute<{ found: boolean }>(sql`
      with recursive reach(id) as (
        select ${input.targetId}::bigint
        union
        select r.to_asset_id from reach join asset_relations r on r.from_asset_id = reach.id and r.kind = ${input.kind}
      )
      select exists (select 1 from reach where id = ${assetId}) as found`);
    if (rows[0]?.found)
      throw new AppError('asset.relation_cycle', { field: 'targetId', params: { kind: input.kind } });
  }
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into asset_relations (from_asset_id, kind, to_asset_id, created_by)
    values (${assetId}, ${input.kind}, ${input.targetId}, ${actor.id})
    on conflict do nothing returning id`);
  const relationId = rows[0]?.id;
  if (relationId === undefined) throw new AppError('asset.relation_exists', { field: 'targetId' });
  await recordEvent(tx, {
    kind: 'asset.relation_added',
    entityType: 'asset',
    entityId: assetId,
    actorId: actor.id,
    data: {
      relationId: Number(relationId),
      kind: input.kind,
      from: { id: assetId, name: from.name, type: from.type },
      to: { id: Number(to.id), name: to.name, type: to.type },
    },
  });
  return getAsset({ tx, actor, assetId });
}

/** Removes a relation of the asset (either direction). */
export async function removeRelation(options: {
  tx: Tx;
  actor: Actor;
  assetId: number;
  relationId: number;
}): Promise<AssetDto> {
  const { tx, actor, assetId, relationId } = options;
  assertCan(actor, 'ticket.work');
  await loadAsset(tx, assetId);
  const { rows } = await tx.execute<{
    kind: RelationKind;
    from_id: number;
    from_name: string;
    from_type: string;
    to_id: number;
    to_name: string;
    to_type: string;
  }>(sql`
    with gone as (
      delete from asset_relations
       where id = ${relationId} and (from_asset_id = ${assetId} or to_asset_id = ${assetId})
      returning kind, from_asset_id, to_asset_id)
    select g.kind, f.id as from_id, f.name as from_name, f.type as from_type,
           o.id as to_id, o.name as to_name, o.type as to_type
      from gone g join assets f on f.id = g.from_asset_id join assets o on o.id = g.to_asset_id`);
  const gone = rows[0];
  if (!gone) throw new AppError('asset.relation_missing');
  await recordEvent(tx, {
    kind: 'asset.relation_removed',
    entityType: 'asset',
    entityId: assetId,
    actorId: actor.id,
    data: {
      relationId,
      kind: gone.kind,
      from: { id: Number(gone.from_id), name: gone.from_name, type: gone.from_type },
      to: { id: Number(gone.to_id), name: gone.to_name, type: gone.to_type },
    },
  });
  return getAsset({ tx, actor, assetId });
}
