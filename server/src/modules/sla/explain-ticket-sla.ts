import type { SlaExplainDto } from '../../../../contracts/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { computeTickets } from './compute-sla.ts';
import type { ClockResult } from './domain/clocks.ts';
import { CLOCK_LABEL, explainClock } from './domain/explain-text.ts';
import { CLOCK_NAMES } from './domain/policy.ts';
import { presentClockExplain } from './presenter.ts';
import { vendorClock } from './vendor-clocks.ts';

/**
 * How each clock of a ticket came to be where it is: its history (started, paused and why,
 * resumed, stopped, policy and priority changes), its deadline and how it was computed, as
 * data and as sentences in both languages (SL-3: deadlines people can check).
 */
export async function explainTicketSla(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
  now?: Date;
}): Promise<SlaExplainDto> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const now = (options.now ?? new Date()).getTime();
  const computed = (await computeTickets(tx, [ticketId], now)).get(ticketId);
  if (!computed) throw new Error(`ticket ${ticketId} vanished`);
  const { computation } = computed;
  const paragraph = (clock: ClockResult | null, locale: 'en' | 'zh-CN') => {
    if (!clock) return null;
    const label = locale === 'zh-CN' ? CLOCK_LABEL[clock.clock].zh : CLOCK_LABEL[clock.clock].en;
    return `${label}${locale === 'zh-CN' ? '：' : ': '}${explainClock(clock, locale).join(' ')}`;
  };
  const text = { en: [] as string[], 'zh-CN': [] as string[] };
  for (const name of CLOCK_NAMES) {
    for (const locale of ['en', 'zh-CN'] as const) {
      const line = paragraph(computation[name], locale);
      if (line) text[locale].push(line);
    }
  }
  if (computation.policyId === null) {
    text.en.push('No SLA policy applies to this ticket, so it has no clocks.');
    text['zh-CN'].push('该工单没有适用的 SLA 策略，因此不计时。');
  }
  return {
    ticketId,
    computedAt: new Date(now).toISOString(),
    policyId: computation.policyId,
    policyName: computation.policyName,
    clocks: {
      firstResponse: presentClockExplain(computation.firstResponse),
      nextUpdate: presentClockExplain(computation.nextUpdate),
      resolution: presentClockExplain(computation.resolution),
    },
    vendor: computed.handoffs.map((handoff) => vendorClock(handoff, now)),
    text,
  };
}
