import type { Config } from '../../config.ts';
import type { Authenticator } from '../../modules/identity/authenticator.ts';
import type { Db } from '../db/database.ts';
import type { EventHub } from '../events/events.ts';

/** What routes are given: the database and the process-wide services. */
export interface AppDeps {
  db: Db;
  config: Config;
  authenticator: Authenticator;
  /** Live events from every instance (LISTEN/NOTIFY), for Server-Sent Events. */
  events: EventHub;
}
