import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateMailboxInput,
  InboundEmailDetailDto,
  InboundEmailDto,
  ListInboundEmailsQuery,
  MailboxDto,
  OriginalMailDto,
  OriginalMailParams,
  PollResult,
  UpdateMailboxInput,
} from '../../../../../contracts/channels.ts';
import { IdParams } from '../../../../../contracts/common.ts';
import { requireActor } from '../../../platform/http/context.ts';
import type { AppDeps } from '../../../platform/http/deps.ts';
import { getOriginalMail } from './get-original-mail.ts';
import {
  getInboundEmail,
  listInboundEmails,
  rawInboundEmail,
  reprocessInboundEmail,
} from './inbound-admin.ts';
import { createMailbox, deleteMailbox, getMailbox, listMailboxes, updateMailbox } from './mailboxes.ts';
import { pollMailboxNow } from './poll-mailbox-now.ts';

export async function emailRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['channels'];

  app.get(
    '/channels/mailboxes',
    { schema: { tags, response: { 200: z.object({ items: z.array(MailboxDto) }) } } },
    async (request) => ({ items: await listMailboxes({ tx: db, actor: requireActor(request) }) }),
  );
  app.post(
    '/channels/mailboxes',
    { schema: { tags, body: CreateMailboxInput, response: { 201: MailboxDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const mailbox = await db.transaction((tx) => createMailbox({ tx, actor, input: request.body }));
      return reply.status(201).send(mailbox);
    },
  );
  app.get(
    '/channels/mailboxes/:id',
    { schema: { tags, params: IdParams, response: { 200: MailboxDto } } },
    async (request) => getMailbox({ tx: db, actor: requireActor(request), mailboxId: request.params.id }),
  );
  app.patch(
    '/channels/mailboxes/:id',
    { schema: { tags, params: IdParams, body: UpdateMailboxInput, response: { 200: MailboxDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateMailbox({ tx, actor, mailboxId: request.params.id, input: request.body }),
      );
    },
  );
  app.delete('/channels/mailboxes/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteMailbox({ tx, actor, mailboxId: request.params.id }));
    return reply.status(204).send();
  });
  app.post(
    '/channels/mailboxes/:id/poll',
    { schema: { tags, params: IdParams, response: { 200: PollResult } } },
    async (request) => pollMailboxNow({ db, actor: requireActor(request), mailboxId: request.params.id }),
  );

  app.get(
    '/channels/inbound-emails',
    {
      schema: {
        tags,
        querystring: ListInboundEmailsQuery,
        response: { 200: z.object({ items: z.array(InboundEmailDto) }) },
      },
    },
    async (request) => listInboundEmails({ tx: db, actor: requireActor(request), query: request.query }),
  );
  app.get(
    '/channels/inbound-emails/:id',
    { schema: { tags, params: IdParams, response: { 200: InboundEmailDetailDto } } },
    async (request) =>
      getInboundEmail({ tx: db, actor: requireActor(request), inboundId: request.params.id }),
  );
  app.get(
    '/channels/inbound-emails/:id/raw',
    { schema: { tags, params: IdParams } },
    async (request, reply) => {
      const raw = await rawInboundEmail({
        tx: db,
        actor: requireActor(request),
        inboundId: request.params.id,
      });
      return reply
        .header('Content-Type', 'message/rfc822')
        .header('Content-Disposition', `attachment; filename="inbound-${request.params.id}.eml"`)
        .send(raw);
    },
  );
  app.post(
    '/channels/inbound-emails/:id/reprocess',
    { schema: { tags, params: IdParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) => reprocessInboundEmail({ tx, actor, inboundId: request.params.id }));
      return reply.status(202).send();
    },
  );

  // The original mail of a ticket message (staff only), and of the mail that opened the ticket.
  app.get(
    '/tickets/:id/messages/:messageId/original',
    { schema: { tags, params: OriginalMailParams, response: { 200: OriginalMailDto } } },
    async (request) =>
      getOriginalMail({
        tx: db,
        actor: requireActor(request),
        ticketId: request.params.id,
        messageId: request.params.messageId,
      }),
  );
  app.get(
    '/tickets/:id/original',
    { schema: { tags, params: IdParams, response: { 200: OriginalMailDto } } },
    async (request) =>
      getOriginalMail({ tx: db, actor: requireActor(request), ticketId: request.params.id, messageId: null }),
  );
}
