/**
 * The promise kept in `memo` under `key`, or a new one from `make`, kept there: callers of one
 * unit of work (a triage batch, a search's look-ups) that ask the same thing share one answer.
 * A promise that rejects is forgotten (unless already replaced), so that the next caller asks
 * again rather than inheriting the failure.
 */
export function remember<K, T>(memo: Map<K, Promise<T>>, key: K, make: () => Promise<T>): Promise<T> {
  const known = memo.get(key);
  if (known) return known;
  const pending = make();
  memo.set(key, pending);
  pending.catch(() => {
    if (memo.get(key) === pending) memo.delete(key);
  });
  return pending;
}
