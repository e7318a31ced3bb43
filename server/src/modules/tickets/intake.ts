import type { CreateTicketInput, TicketDto } from '../../../../contracts/tickets.ts';
import { type Db, transactionByGenericPlans, withPreparedStatements } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { createTicketsAnsweredAfterCommit, type NewTicket } from './create-ticket.ts';
import { newTicketReads } from './ticket-hooks.ts';

interface Waiting {
  ticket: NewTicket;
  resolve(ticket: TicketDto): void;
  reject(error: unknown): void;
}

/**
 * Takes in the tickets of the portal and the API (group commit). A ticket that arrives
 * while the desk is quiet is opened at once, in its own transaction (with any that arrive
 * while its BEGIN is on its way); tickets that arrive while earlier ones are being opened wait
 * for the next transaction and are opened together in it (`createTickets`: a statement per
 * step for all of them), so that a burst costs a few transactions rather than one per
 * ticket. If a joint transaction fails, its tickets are opened one at a time, so that only
 * the ticket at fault gets the error. How many
 * transactions run at a time is INTAKE_TRANSACTIONS: one by default, because on two cores the
 * larger groups of one at a time (about 16 tickets against 9 at 32 connections) cost a quarter
 * fewer statements and 0.2-0.4 ms less CPU a ticket, and made more tickets a second than two at
 * a time in five bursts of seven (median +13%; issue 18, docs/performance.md stop 39).
 */
export class TicketIntake {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  /** Transactions begun that have not yet taken their tickets. */
  private beginning = 0;
  private readonly db: Db;
  /** Tickets per transaction, and transactions at a time (INTAKE_TRANSACTIONS). */
  private readonly limits: { batch: number; transactions: number };

  constructor(db: Db, limits: { batch?: number; transactions: number }) {
    this.db = db;
    this.limits = { batch: limits.batch ?? 64, transactions: limits.transactions };
  }

  open(actor: Actor, input: CreateTicketInput): Promise<TicketDto> {
    return new Promise<TicketDto>((resolve, reject) => {
      this.waiting.push({ ticket: { actor, input }, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    // A transaction takes its tickets once its BEGIN has answered (`openTogether`): each one
    // begun and not yet taking has a ticket waiting for it.
    while (this.running < this.limits.transactions && this.waiting.length > this.beginning) {
      this.running += 1;
      this.beginning += 1;
      void this.openTogether().finally(() => {
        this.running -= 1;
        this.next();
      });
    }
  }

  /**
   * A transaction for the tickets waiting once its BEGIN has answered: those that arrived
   * while it was being sent go in too. At 32 connections the connections answered by one
   * transaction ask again while the next one is beginning; taken then, they make one group of
   * nearly all of them, not two alternating groups of half (issue 18, docs/performance.md,
   * stop 41).
   */
  private async openTogether(): Promise<void> {
    let batch: Waiting[] | null = null;
    const take = (): Waiting[] => {
      this.beginning -= 1;
      batch = this.waiting.splice(0, this.limits.batch);
      return batch;
    };
    let answers: () => Promise<TicketDto[]>;
    try {
      answers = await this.commit(() => take().map((w) => w.ticket));
    } catch (error) {
      // A BEGIN that failed took nothing: the tickets it would have taken get its error.
      const failed = batch ?? take();
      if (failed.length === 1) {
        failed[0]?.reject(error);
        return;
      }
      for (const w of failed) await this.openAlone(w);
      return;
    }
    await answer(batch ?? [], answers);
  }

  private async openAlone(w: Waiting): Promise<void> {
    let answers: () => Promise<TicketDto[]>;
    try {
      answers = await this.commit(() => [w.ticket]);
    } catch (error) {
      w.reject(error);
      return;
    }
    await answer([w], answers);
  }

  /**
   * One transaction opening these tickets; its statements planned once per connection (and
   * planned again as the tables grow: `withPreparedStatements`), never for their parameters
   * (`transactionByGenericPlans`). Its BEGIN carries the reads of the hooks' rules
   * (`readWithNewTickets`), the writes whose results nobody reads go with the next statement
   * (`sendWithNext`: the audit events with the SLA clocks' read, the clocks' upsert with the
   * COMMIT), and its COMMIT the follow-ups' record, the answers' read and the live events; the
   * answers are presented once it has committed. Four round trips: at 32 connections a burst's
   * tickets a second are the tickets of a transaction over its duration, most of which is its
   * round trips waiting for the two busy cores (issue 18, docs/performance.md, stops 40, 41).
   */
  private commit(take: () => NewTicket[]): Promise<() => Promise<TicketDto[]>> {
    return withPreparedStatements(() =>
      transactionByGenericPlans(this.db, (tx) => createTicketsAnsweredAfterCommit(tx, take(), this.db), {
        readsWithBegin: newTicketReads(),
      }),
    );
  }
}

/**
 * Gives each waiting ticket its answer once its transaction has committed. The tickets are
 * open by then: if presenting them fails, each gets the error, and none is opened again.
 */
async function answer(batch: readonly Waiting[], answers: () => Promise<TicketDto[]>): Promise<void> {
  try {
    const opened = await answers();
    batch.forEach((w, i) => {
      const ticket = opened[i];
      if (ticket) w.resolve(ticket);
      else w.reject(new Error('ticket missing from its batch'));
    });
  } catch (error) {
    for (const w of batch) w.reject(error);
  }
}
