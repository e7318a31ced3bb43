/**
 * One Server-Sent Events connection per tab (GET /api/v1/events), shared by every component
 * that wants live events. The browser reconnects by itself; listeners are told each event.
 * A connection the browser gave up on (the session ended: 401) is opened again by the next
 * subscriber, e.g. after signing in again, with every listener still in place.
 */
type Listener = (data: Record<string, unknown>) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;
/** The event types the current connection dispatches. */
const attached = new Set<string>();

function attach(events: EventSource, type: string): void {
  attached.add(type);
  events.addEventListener(type, (event) => {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const each of listeners.get(type) ?? []) each(data);
  });
}

function ensureSource(): EventSource {
  if (source && source.readyState !== EventSource.CLOSED) return source;
  source = new EventSource('/api/v1/events', { withCredentials: true });
  attached.clear();
  for (const type of listeners.keys()) attach(source, type);
  return source;
}

export function subscribeLive(type: string, listener: Listener): () => void {
  const events = ensureSource();
  let set = listeners.get(type);
  if (!set) {
    set = new Set();
    listeners.set(type, set);
  }
  if (!attached.has(type)) attach(events, type);
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}
