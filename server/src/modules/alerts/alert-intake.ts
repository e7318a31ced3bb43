import type { IngestResult } from '../../../../contracts/alerts.ts';
import { type Db, withPreparedStatements } from '../../platform/db/database.ts';
import { type AlertPayload, ingestPayloads, type PayloadOutcome } from './ingest-alerts.ts';

interface Waiting {
  payload: AlertPayload;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/**
 * Takes in the payloads of the monitoring systems (group commit, as the ticket intake does):
 * a payload that arrives while the desk is quiet is taken at once, in its own transaction;
 * payloads that arrive while earlier ones are being taken wait for the next transaction and go
 * in it together (`ingestPayloads`: one lock statement, one read, one `createTickets` and one
 * update of the repeats for all of them), so that a burst costs a few transactions rather than
 * one per payload. If a joint transaction fails, its payloads are taken one at a time, so that
 * only the one at fault gets the error.
 */
export class AlertIntake {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private readonly db: Db;
  private readonly publicUrl: string;
  /** Payloads per transaction, and transactions at a time (this machine has two cores). */
  private readonly limits: { batch: number; transactions: number };

  constructor(db: Db, publicUrl: string, limits = { batch: 32, transactions: 2 }) {
    this.db = db;
    this.publicUrl = publicUrl;
    this.limits = limits;
  }

  take(payload: AlertPayload): Promise<IngestResult> {
    return new Promise<IngestResult>((resolve, reject) => {
      this.waiting.push({ payload, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.limits.transactions && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.limits.batch);
      this.running += 1;
      void this.takeTogether(batch).finally(() => {
        this.running -= 1;
        this.next();
      });
    }
  }

  private async takeTogether(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.commit(batch.map((w) => w.payload));
      for (const [i, w] of batch.entries()) settle(w, outcomes[i]);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const w of batch) {
        try {
          settle(w, (await this.commit([w.payload]))[0]);
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  }

  /** One transaction taking these payloads; its statements planned once per connection. */
  private commit(payloads: AlertPayload[]): Promise<PayloadOutcome[]> {
    return withPreparedStatements(() =>
      this.db.transaction((tx) =>
        ingestPayloads({ tx, payloads, now: new Date(), publicUrl: this.publicUrl }),
      ),
    );
  }
}

function settle(w: Waiting, outcome: PayloadOutcome | undefined): void {
  if (!outcome) w.reject(new Error('payload missing from its batch'));
  else if (outcome.ok) w.resolve(outcome.result);
  else w.reject(outcome.error);
}
