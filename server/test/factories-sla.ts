import { randomBytes } from 'node:crypto';
import type { CalendarDto, SlaPolicyDto } from '../../contracts/sla.ts';
import type { TestUser } from './factories.ts';
import type { TestContext } from './harness.ts';

const unique = () => randomBytes(4).toString('hex');
const api = (path: string) => `/api/v1${path}`;

/** A Monday-to-Friday calendar (09:00-12:00, 13:00-18:00 Shanghai) made through the API. */
export async function buildCalendar(
  ctx: TestContext,
  admin: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<CalendarDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/calendars'),
    headers: admin.headers,
    payload: {
      name: `Office ${unique()}`,
      timezone: 'Asia/Shanghai',
      hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, from: '09:00', to: '12:00' },
        { weekday, from: '13:00', to: '18:00' },
      ]),
      holidays: [],
      extraWorkdays: [],
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`calendar not created: ${response.body}`);
  return response.json() as CalendarDto;
}

/**
 * A policy for the tickets of one category of its own (so that it governs only the tickets a
 * test opens in it), tried first, round the clock unless a calendar is given.
 */
export async function buildPolicy(
  ctx: TestContext,
  admin: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<SlaPolicyDto & { category: string }> {
  const category = `SLA测试/${unique()}`;
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/sla-policies'),
    headers: admin.headers,
    payload: {
      name: `Policy ${unique()}`,
      order: 1,
      match: { category },
      calendarId: null,
      targets: {
        P1: { firstResponseMinutes: 15, updateMinutes: 60, resolutionMinutes: 240 },
        P2: { firstResponseMinutes: 60, updateMinutes: 120, resolutionMinutes: 480 },
        P3: { firstResponseMinutes: 240, updateMinutes: 480, resolutionMinutes: 960 },
        P4: { firstResponseMinutes: 480, updateMinutes: 960, resolutionMinutes: 2400 },
      },
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`policy not created: ${response.body}`);
  return { ...(response.json() as SlaPolicyDto), category };
}
