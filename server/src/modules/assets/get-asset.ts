import { sql } from 'drizzle-orm';
import type { AssetDto } from '../../../../contracts/assets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { type AssetRow, isoTime, loadAsset, presentAsset } from './assets.ts';
import { listReplacements } from './replacements.ts';

interface RelationRow extends Record<string, unknown> {
  id: number;
  kind: AssetDto['relations'][number]['kind'];
  direction: 'outgoing' | 'incoming';
  other_id: number;
  other_name: string;
  other_type: string;
  other_criticality: AssetRow['criticality'];
  other_status: AssetRow['status'];
  created_at: Date | string;
}

interface TicketRow extends Record<string, unknown> {
  id: number;
  number: number;
  subject: string;
  status: AssetDto['tickets'][number]['status'];
  type: string;
  created_at: Date | string;
}

/** How many linked tickets the asset read shows (the newest first; the queue's `assetId` filter has them all). */
const TICKETS_SHOWN = 50;

/** One asset with its relations both ways, its tickets (newest first) and its replacement history. */
export async function getAsset(options: { tx: Queryable; actor: Actor; assetId: number }): Promise<AssetDto> {
  const { tx, actor, assetId } = options;
  assertCan(actor, 'ticket.work');
  const row = await loadAsset(tx, assetId);
  const relations = await tx.execute<RelationRow>(sql`
    select r.id, r.kind, 'outgoing' as direction, o.id as other_id, o.name as other_name, o.type as other_type,
           o.criticality as other_criticality, o.status as other_status, r.created_at
      from asset_relations r join assets o on o.id = r.to_asset_id where r.from_asset_id = ${assetId}
    union all
    select r.id, r.kind, 'incoming', o.id, o.name, o.type, o.criticality, o.status, r.created_at
      from asset_relations r join assets o on o.id = r.from_asset_id where r.to_asset_id = ${assetId}
    order by id`);
  const tickets = await tx.execute<TicketRow>(sql`
    select t.id, t.number, t.subject, t.status, t.type, t.created_at
      from asset_tickets l join tickets_v t on t.id = l.ticket_id
     where l.asset_id = ${assetId} order by t.created_at desc, t.id desc limit ${TICKETS_SHOWN}`);
  return {
    ...presentAsset(row),
    relations: relations.rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      direction: r.direction,
      asset: {
        id: Number(r.other_id),
        name: r.other_name,
        type: r.other_type,
        criticality: r.other_criticality,
        status: r.other_status,
      },
      createdAt: isoTime(r.created_at),
    })),
    tickets: tickets.rows.map((t) => ({
      id: Number(t.id),
      number: Number(t.number),
      subject: t.subject,
      status: t.status,
      type: t.type,
      createdAt: isoTime(t.created_at),
    })),
    replacements: await listReplacements(tx, assetId),
  };
}
