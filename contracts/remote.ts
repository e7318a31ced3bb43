import { z } from 'zod';

/**
 * Remote assistance (ES-7): an agent invites a ticket's requester to share their screen with
 * the agent's browser, peer to peer (WebRTC); the server carries the signalling.
 */
export const REMOTE_STATUSES = ['invited', 'active', 'paused', 'ended', 'expired', 'declined'] as const;
export const RemoteStatus = z.enum(REMOTE_STATUSES);
export type RemoteStatus = z.infer<typeof RemoteStatus>;

export const RemoteSessionDto = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  ticketNumber: z.number().int(),
  ticketSubject: z.string(),
  status: RemoteStatus,
  reason: z.string(),
  agent: z.object({ id: z.number().int(), name: z.string() }),
  requester: z.object({ id: z.number().int(), name: z.string() }),
  /** Which side the caller is on: the inviting agent, the requester, or other staff watching the ticket. */
  role: z.enum(['agent', 'requester', 'staff']),
  /** The web page where the requester answers; it needs their sign-in. */
  joinUrl: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  consentedAt: z.string().nullable(),
  recordingConsent: z.boolean(),
  endedAt: z.string().nullable(),
});
export type RemoteSessionDto = z.infer<typeof RemoteSessionDto>;

export const CreateRemoteSessionInput = z.object({
  /** Why the agent asks, shown to the requester before they consent. */
  reason: z.string().trim().max(500).default(''),
});
export type CreateRemoteSessionInput = z.input<typeof CreateRemoteSessionInput>;

export const ConsentInput = z.object({
  /** The requester also agrees that the agent's browser records the screen (kept on the ticket, WebM). */
  recording: z.boolean().default(false),
});

export const SIGNAL_TYPES = ['offer', 'answer', 'candidate', 'pointer', 'chat', 'pause', 'resume'] as const;
export const SignalType = z.enum(SIGNAL_TYPES);
export type SignalType = z.infer<typeof SignalType>;

/** A signal's payload: an SDP, an ICE candidate, a pointer {x, y} in 0..1, a chat line. */
export const SignalInput = z.object({
  type: SignalType,
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type SignalInput = z.input<typeof SignalInput>;

export const SignalDto = z.object({
  id: z.number().int(),
  type: SignalType,
  payload: z.record(z.string(), z.unknown()),
  fromUserId: z.number().int(),
  at: z.string(),
});
export type SignalDto = z.infer<typeof SignalDto>;

export const SignalsQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;
export const IceServersDto = z.object({ iceServers: z.array(IceServer) });

export const CallbackRequestInput = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,30}$/),
});

/** Live events (GET /api/v1/events): a signal is waiting; a session changed status. */
export const REMOTE_SIGNAL_EVENT = 'remote.signal';
export const REMOTE_SESSION_EVENT = 'remote.session';
