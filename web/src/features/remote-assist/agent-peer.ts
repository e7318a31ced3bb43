import { useCallback, useEffect, useState } from 'react';
import type { SignalDto } from '../../../../contracts/remote.ts';
import { remoteApi } from './api.ts';
import type { ChatLine } from './ChatPanel.tsx';
import { CandidateQueue, listenForSignals } from './signalling.ts';

export type PeerState = RTCPeerConnectionState | 'waiting';

/**
 * The agent's end of a session: answers the requester's offer and shows the screen it
 * receives; chat lines and the pointer go back as signals. Runs while the session is live;
 * when it ends, the connection closes and the picture goes.
 */
export function useAgentPeer(sessionId: number, live: boolean) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [state, setState] = useState<PeerState>('waiting');
  const [chat, setChat] = useState<ChatLine[]>([]);

  useEffect(() => {
    if (!live) return;
    let pc: RTCPeerConnection | null = null;
    let chain = Promise.resolve();
    const queue = new CandidateQueue(() => pc);
    const iceServers = remoteApi
      .iceServers(sessionId)
      .then((answer) => answer.iceServers as RTCIceServer[])
      .catch(() => [] as RTCIceServer[]);

    const answerOffer = async (offer: RTCSessionDescriptionInit) => {
      const servers = await iceServers;
      pc?.close();
      const next = new RTCPeerConnection({ iceServers: servers });
      pc = next;
      next.ontrack = (event) => setStream(event.streams[0] ?? new MediaStream([event.track]));
      next.onicecandidate = (event) => {
        if (event.candidate)
          void remoteApi.signal(sessionId, 'candidate', event.candidate.toJSON() as Record<string, unknown>);
      };
      next.onconnectionstatechange = () => setState(next.connectionState);
      await next.setRemoteDescription(offer);
      await queue.flush();
      const answer = await next.createAnswer();
      await next.setLocalDescription(answer);
      await remoteApi.signal(sessionId, 'answer', { type: answer.type, sdp: answer.sdp ?? '' });
    };

    const handle = async (signal: SignalDto) => {
      const payload = signal.payload;
      if (signal.type === 'offer' && typeof payload.sdp === 'string') {
        await answerOffer({ type: 'offer', sdp: payload.sdp });
      } else if (signal.type === 'candidate') {
        await queue.add(payload as RTCIceCandidateInit);
      } else if (signal.type === 'chat' && typeof payload.text === 'string') {
        const text = payload.text;
        setChat((lines) => [...lines, { id: `s${signal.id}`, mine: false, text, at: signal.at }]);
      }
    };
    const stop = listenForSignals(sessionId, (signal) => {
      chain = chain.then(() => handle(signal)).catch(() => undefined);
    });
    return () => {
      stop();
      pc?.close();
      pc = null;
      setStream(null);
      setState('closed');
    };
  }, [sessionId, live]);

  const sendChat = useCallback(
    async (text: string) => {
      await remoteApi.signal(sessionId, 'chat', { text });
      setChat((lines) => [
        ...lines,
        { id: `m${Date.now()}`, mine: true, text, at: new Date().toISOString() },
      ]);
    },
    [sessionId],
  );
  const point = useCallback(
    (x: number, y: number) => remoteApi.signal(sessionId, 'pointer', { x, y }),
    [sessionId],
  );

  return { stream, state, chat, sendChat, point };
}
