import { asc, eq } from 'drizzle-orm';
import {
  type CreateImBotInput,
  IM_INBOUND_FIELDS,
  type ImBotDto,
  ImInboundCredentials,
  type ImPlatform,
  type UpdateImBotInput,
} from '../../../../../contracts/channels.ts';
import { imBots } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan } from '../../identity/index.ts';
import { channelSettings } from '../channel-settings.ts';
import { forgetImBots, postToBot } from './im-send.ts';

type BotRow = typeof imBots.$inferSelect;

/** The platform callback credentials of a bot, opened (empty when none are set). */
export function inboundCredentials(row: Pick<BotRow, 'inboundCredsEnc'>): ImInboundCredentials {
  if (!row.inboundCredsEnc) return {};
  const parsed = ImInboundCredentials.safeParse(
    JSON.parse(channelSettings().secrets.open(row.inboundCredsEnc)),
  );
  return parsed.success ? parsed.data : {};
}

/** Whether every credential the platform's callback needs is set. */
export function inboundReady(platform: ImPlatform, creds: ImInboundCredentials): boolean {
  return IM_INBOUND_FIELDS[platform].required.every((field) => Boolean(creds[field]));
}

/** Where the platform calls: PUBLIC_URL + the bot's callback path. */
export function inboundUrlOf(botId: number): string {
  return `${channelSettings().config.PUBLIC_URL.replace(/\/+$/, '')}/api/v1/channels/im-bots/${botId}/callback`;
}

export function presentImBot(row: BotRow): ImBotDto {
  const creds = inboundCredentials(row);
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    webhookUrl: row.webhookUrl,
    hasSignSecret: Boolean(row.signSecretEnc),
    hasInboundSecret: Boolean(row.inboundSecretEnc),
    inbound: {
      set: Object.keys(creds).filter((key) => creds[key as keyof ImInboundCredentials]),
      ...(creds.corpId ? { corpId: creds.corpId } : {}),
      ...(creds.appId ? { appId: creds.appId } : {}),
      ready: inboundReady(row.platform, creds),
    },
    inboundUrl: inboundUrlOf(row.id),
    events: row.events,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

const seal = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : channelSettings().secrets.seal(value);

/**
 * The credentials to store: the given ones over those kept (an edit names only what changes),
 * each a field the platform takes; `null` clears them.
 */
function mergeInbound(
  platform: ImPlatform,
  kept: ImInboundCredentials,
  given: ImInboundCredentials | null | undefined,
): string | null | undefined {
  if (given === undefined) return undefined;
  if (given === null) return null;
  const fields = IM_INBOUND_FIELDS[platform];
  const allowed: readonly string[] = [...fields.required, ...fields.optional];
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key))
      throw new AppError('channels.im_inbound_field', { field: `inbound.${key}`, params: { platform } });
  }
  const merged = Object.fromEntries(
    Object.entries({ ...kept, ...given }).filter(([key]) => allowed.includes(key)),
  );
  return channelSettings().secrets.seal(JSON.stringify(merged));
}

export async function listImBots(options: { tx: Queryable; actor: Actor }): Promise<ImBotDto[]> {
  assertCan(options.actor, 'settings.manage');
  const rows = await options.tx.select().from(imBots).orderBy(asc(imBots.id));
  return rows.map(presentImBot);
}

export async function createImBot(options: {
  tx: Tx;
  actor: Actor;
  input: CreateImBotInput;
}): Promise<ImBotDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  const [row] = await tx
    .insert(imBots)
    .values({
      name: input.name,
      platform: input.platform,
      webhookUrl: input.webhookUrl,
      signSecretEnc: seal(input.signSecret) ?? null,
      inboundSecretEnc: seal(input.inboundSecret) ?? null,
      inboundCredsEnc: mergeInbound(input.platform, {}, input.inbound) ?? null,
      events: input.events,
      active: input.active,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  forgetImBots();
  await recordEvent(tx, {
    kind: 'im_bot.created',
    entityType: 'im_bot',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name, platform: row.platform },
  });
  return presentImBot(row);
}

export async function updateImBot(options: {
  tx: Tx;
  actor: Actor;
  botId: number;
  input: UpdateImBotInput;
}): Promise<ImBotDto> {
  const { tx, actor, botId, input } = options;
  assertCan(actor, 'settings.manage');
  const [current] = await tx.select().from(imBots).where(eq(imBots.id, botId)).for('update');
  if (!current) throw new AppError('channels.im_bot_not_found');
  const platform = input.platform ?? current.platform;
  const inboundCredsEnc = mergeInbound(
    platform,
    platform === current.platform ? inboundCredentials(current) : {},
    input.inbound === undefined && platform !== current.platform ? null : input.inbound,
  );
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.platform !== undefined ? { platform: input.platform } : {}),
    ...(input.webhookUrl !== undefined ? { webhookUrl: input.webhookUrl } : {}),
    ...(input.signSecret !== undefined ? { signSecretEnc: seal(input.signSecret) } : {}),
    ...(input.inboundSecret !== undefined ? { inboundSecretEnc: seal(input.inboundSecret) } : {}),
    ...(inboundCredsEnc !== undefined ? { inboundCredsEnc } : {}),
    ...(input.events !== undefined ? { events: input.events } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  // An empty PATCH changes nothing: the bot as it is.
  const [row] =
    Object.keys(changes).length > 0
      ? await tx.update(imBots).set(changes).where(eq(imBots.id, botId)).returning()
      : [current];
  if (!row) throw new AppError('channels.im_bot_not_found');
  forgetImBots();
  await recordEvent(tx, {
    kind: 'im_bot.updated',
    entityType: 'im_bot',
    entityId: row.id,
    actorId: actor.id,
    data: { fields: Object.keys(input) },
  });
  return presentImBot(row);
}

export async function deleteImBot(options: { tx: Tx; actor: Actor; botId: number }): Promise<void> {
  const { tx, actor, botId } = options;
  assertCan(actor, 'settings.manage');
  const [row] = await tx.delete(imBots).where(eq(imBots.id, botId)).returning({ id: imBots.id });
  if (!row) throw new AppError('channels.im_bot_not_found');
  forgetImBots();
  await recordEvent(tx, { kind: 'im_bot.deleted', entityType: 'im_bot', entityId: botId, actorId: actor.id });
}

/** Sends a test message at once, so that an administrator sees whether the bot works. */
export async function testImBot(options: {
  tx: Queryable;
  actor: Actor;
  botId: number;
  now: Date;
}): Promise<void> {
  const { tx, actor, botId } = options;
  assertCan(actor, 'settings.manage');
  const [bot] = await tx.select().from(imBots).where(eq(imBots.id, botId));
  if (!bot) throw new AppError('channels.im_bot_not_found');
  try {
    await postToBot(bot, { title: 'ServiceDesk', text: '测试消息 / Test message' }, options.now);
  } catch (error) {
    throw new AppError('channels.im_delivery_failed', {
      params: { detail: error instanceof Error ? error.message : String(error) },
    });
  }
}
