/**
 * One Server-Sent Events connection per tab (GET /api/v1/events), shared by every component
 * that wants live events. The browser reconnects by itself; listeners are told each event.
 */
type Listener = (data: Record<string, unknown>) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;

function ensureSource(): EventSource {
  if (source) return source;
  source = new EventSource('/api/v1/events', { withCredentials: true });
  return source;
}

export function subscribeLive(type: string, listener: Listener): () => void {
  const events = ensureSource();
  let set = listeners.get(type);
  if (!set) {
    const created = new Set<Listener>();
    listeners.set(type, created);
    set = created;
    events.addEventListener(type, (event) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
      } catch {
        return;
      }
      for (const each of created) each(data);
    });
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}
