import { useEffect, useRef } from 'react';

const EVENT = 'servicedesk:reply-insert';
type Detail = { ticketId: number; text: string };

/** Puts text into the reply being written on a ticket (an article from the assist panel, for example). */
export function insertIntoReply(ticketId: number, text: string): void {
  window.dispatchEvent(new CustomEvent<Detail>(EVENT, { detail: { ticketId, text } }));
}

/** The reply composer of `ticketId` receives what `insertIntoReply` sends it. */
export function useReplyInsert(ticketId: number, onInsert: (text: string) => void): void {
  const handler = useRef(onInsert);
  handler.current = onInsert;
  useEffect(() => {
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<Detail>).detail;
      if (detail.ticketId === ticketId) handler.current(detail.text);
    };
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [ticketId]);
}
