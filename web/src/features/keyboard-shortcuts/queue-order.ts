const KEY = 'servicedesk.queueOrder';

/** The queue's ticket ids in the order shown, so that the ticket page can go to the next one. */
export function rememberQueueOrder(ids: number[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    // Without storage, j/k simply do nothing.
  }
}

export function neighbourInQueue(ticketId: number, step: 1 | -1): number | null {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(ids)) return null;
    const at = ids.indexOf(ticketId);
    const next: unknown = at < 0 ? undefined : ids[at + step];
    return typeof next === 'number' ? next : null;
  } catch {
    return null;
  }
}
