import { useEffect, useState } from 'react';
import { apiRequest } from '../../shared/api/client.ts';

export type RecordingState = 'off' | 'recording' | 'saving' | 'saved' | 'failed';

const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/**
 * Records the screen the agent receives (MediaRecorder, WebM) while the requester has agreed
 * to a recording, and keeps it on the ticket when the picture ends. The server checks the
 * consent again before it stores a byte.
 */
export function useSessionRecorder(sessionId: number, stream: MediaStream | null, enabled: boolean) {
  const [state, setState] = useState<RecordingState>('off');
  useEffect(() => {
    if (!enabled || !stream || typeof MediaRecorder === 'undefined') return;
    const mimeType = WEBM_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    if (!mimeType) return;
    const chunks: Blob[] = [];
    // A low rate (about 3 MB a minute): a shared screen is mostly still, and the recording has
    // to fit the attachment limit (ATTACHMENT_MAX_BYTES, 20 MiB by default: some six minutes).
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 400_000 });
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    recorder.onstop = () => {
      if (chunks.length === 0) return;
      setState('saving');
      const form = new FormData();
      form.append('file', new Blob(chunks, { type: 'video/webm' }), `remote-session-${sessionId}.webm`);
      apiRequest(`/remote-sessions/${sessionId}/recording`, { method: 'POST', body: form }).then(
        () => setState('saved'),
        () => setState('failed'),
      );
    };
    recorder.start(1000);
    setState('recording');
    return () => {
      if (recorder.state !== 'inactive') recorder.stop();
    };
  }, [sessionId, stream, enabled]);
  return state;
}
