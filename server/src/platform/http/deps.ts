import type { Config } from '../../config.ts';
import type { Db } from '../db/database.ts';
import type { EventHub } from '../events/events.ts';

/**
 * What routes are given: the database and the process-wide services. A module that adds a
 * process-wide service (identity's authenticator) declares it here by declaration merging,
 * and app.ts supplies it.
 */
export interface AppDeps {
  db: Db;
  config: Config;
  /** Live events from every instance (LISTEN/NOTIFY), for Server-Sent Events. */
  events: EventHub;
}
