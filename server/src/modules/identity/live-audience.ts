import type { LiveAudience } from '../../platform/events/events.routes.ts';
import { isStaff } from './actor.ts';
import { SESSIONS_ENDED_EVENT } from './end-sessions.ts';

/**
 * Who reads which live events on GET /events: broadcasts reach staff; a reader's stream
 * ends when their sessions end (new password, deactivation).
 */
export const liveAudience: LiveAudience = {
  receivesBroadcasts: isStaff,
  endingTypes: [SESSIONS_ENDED_EVENT],
};
