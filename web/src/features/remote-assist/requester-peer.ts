import type { SignalDto } from '../../../../contracts/remote.ts';
import { remoteApi } from './api.ts';
import { CandidateQueue, listenForSignals } from './signalling.ts';

export interface SharingHandlers {
  onPointer: (x: number, y: number) => void;
  onChat: (signal: SignalDto, text: string) => void;
  onState: (state: RTCPeerConnectionState) => void;
  /** The person stopped sharing from the browser's own bar. */
  onStoppedByBrowser: () => void;
}

/**
 * The requester's end: offers their captured screen to the agent's browser, peer to peer,
 * and hears the agent's pointer and chat. Pausing disables the track (the agent's picture
 * freezes black) without tearing the connection down.
 */
export class SharingPeer {
  readonly stream: MediaStream;
  #sessionId: number;
  #handlers: SharingHandlers;
  #pc: RTCPeerConnection | null = null;
  #iceServers: RTCIceServer[] = [];
  #stopListening: (() => void) | null = null;
  #chain = Promise.resolve();

  constructor(sessionId: number, stream: MediaStream, handlers: SharingHandlers) {
    this.#sessionId = sessionId;
    this.stream = stream;
    this.#handlers = handlers;
  }

  async start(): Promise<void> {
    const { iceServers } = await remoteApi.iceServers(this.#sessionId).catch(() => ({ iceServers: [] }));
    this.#iceServers = iceServers as RTCIceServer[];
    for (const track of this.stream.getTracks()) {
      track.addEventListener('ended', () => this.#handlers.onStoppedByBrowser());
    }
    const queue = new CandidateQueue(() => this.#pc);
    const handle = async (signal: SignalDto) => {
      const payload = signal.payload;
      const pc = this.#pc;
      if (!pc) return;
      if (signal.type === 'answer' && typeof payload.sdp === 'string') {
        if (pc.signalingState === 'have-local-offer') {
          await pc.setRemoteDescription({ type: 'answer', sdp: payload.sdp });
          await queue.flush();
        } else {
          // An answer to an offer already answered: the agent's page was opened anew (a reload)
          // and answered the old offer. Offer the screen again on a fresh connection.
          await this.#connect();
        }
      } else if (signal.type === 'candidate') {
        await queue.add(payload as RTCIceCandidateInit);
      } else if (
        signal.type === 'pointer' &&
        typeof payload.x === 'number' &&
        typeof payload.y === 'number'
      ) {
        this.#handlers.onPointer(payload.x, payload.y);
      } else if (signal.type === 'chat' && typeof payload.text === 'string') {
        this.#handlers.onChat(signal, payload.text);
      }
    };
    await this.#connect();
    this.#stopListening = listenForSignals(this.#sessionId, (signal) => {
      this.#chain = this.#chain.then(() => handle(signal)).catch(() => undefined);
    });
  }

  /** A new connection carrying the screen, and its offer to the agent. */
  async #connect(): Promise<void> {
    this.#pc?.close();
    const pc = new RTCPeerConnection({ iceServers: this.#iceServers });
    this.#pc = pc;
    for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
    pc.onicecandidate = (event) => {
      if (event.candidate)
        void remoteApi.signal(
          this.#sessionId,
          'candidate',
          event.candidate.toJSON() as Record<string, unknown>,
        );
    };
    pc.onconnectionstatechange = () => this.#handlers.onState(pc.connectionState);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await remoteApi.signal(this.#sessionId, 'offer', { type: offer.type, sdp: offer.sdp ?? '' });
  }

  async setPaused(paused: boolean): Promise<void> {
    for (const track of this.stream.getVideoTracks()) track.enabled = !paused;
    await remoteApi.signal(this.#sessionId, paused ? 'pause' : 'resume');
  }

  /** Stops sharing: the capture ends (the browser's sharing bar goes) and the connection closes. */
  stop(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#pc?.close();
    this.#pc = null;
    for (const track of this.stream.getTracks()) track.stop();
  }
}
