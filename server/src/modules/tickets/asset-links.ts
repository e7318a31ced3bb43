import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';

/**
 * The assets a ticket is about (issue 14). The assets module (above tickets) owns the assets
 * and the links, and the registry plugs it in here: a SQL column (a JSON array of
 * `{id, name, type, criticality}` for the ticket `t`) folded into the ticket read's one
 * statement, the link setter that `assetIds` on create and update calls, and the condition
 * behind the queue's `assetId` filter.
 */
export interface TicketAssetPort {
  column: SQL;
  /** Makes `assetIds` the ticket's linked assets (400 `asset.not_found` naming `field`); records what changed. */
  setLinks(
    tx: Tx,
    input: { ticketId: number; actor: Actor; assetIds: readonly number[]; at: Date; field: string },
  ): Promise<{ added: number[]; removed: number[] }>;
  /** A condition on the ticket `t`: it is linked to the asset. */
  linkedTo(assetId: number): SQL;
}

let port: TicketAssetPort | null = null;

/** Registered once at start by the module registry. */
export function setTicketAssetPort(next: TicketAssetPort): void {
  port = next;
}

/** The port in force; without one (no assets module) tickets read with no assets and refuse `assetIds`. */
export function ticketAssetPort(): TicketAssetPort | null {
  return port;
}

/** The link setter, or an error when no assets module is plugged in (a wiring mistake). */
export function requireTicketAssetPort(): TicketAssetPort {
  if (!port) throw new Error('no assets module is plugged into the tickets module (registry.ts)');
  return port;
}
