import type { SignalDto } from '../../../../contracts/remote.ts';
import { subscribeLive } from '../../entities/notification/live.ts';
import { REMOTE_SIGNAL_EVENT, remoteApi } from './api.ts';

/**
 * The signals addressed to this page for one session, in order, each once. A live event says
 * one is waiting; a slow poll covers a live connection that is not up yet or dropped.
 */
export function listenForSignals(sessionId: number, onSignal: (signal: SignalDto) => void): () => void {
  let cursor = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const pull = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const { items } = await remoteApi
          .signals(sessionId, cursor)
          .catch(() => ({ items: [] as SignalDto[] }));
        for (const signal of items) {
          if (stopped) return;
          cursor = Math.max(cursor, signal.id);
          onSignal(signal);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const unsubscribe = subscribeLive(REMOTE_SIGNAL_EVENT, (data) => {
    if (data.sessionId === sessionId) void pull();
  });
  const timer = window.setInterval(() => void pull(), 3000);
  void pull();
  return () => {
    stopped = true;
    unsubscribe();
    window.clearInterval(timer);
  };
}

/** Adds ICE candidates once the remote description is there; earlier ones wait. */
export class CandidateQueue {
  #waiting: RTCIceCandidateInit[] = [];
  readonly pc: () => RTCPeerConnection | null;

  constructor(pc: () => RTCPeerConnection | null) {
    this.pc = pc;
  }

  async add(candidate: RTCIceCandidateInit): Promise<void> {
    const pc = this.pc();
    if (!pc?.remoteDescription) {
      this.#waiting.push(candidate);
      return;
    }
    await pc.addIceCandidate(candidate).catch(() => undefined);
  }

  async flush(): Promise<void> {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const candidate of waiting) await this.add(candidate);
  }
}
