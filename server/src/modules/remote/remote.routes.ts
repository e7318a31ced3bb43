import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  CallbackRequestInput,
  ConsentInput,
  CreateRemoteSessionInput,
  IceServersDto,
  RemoteSessionDto,
  SignalDto,
  SignalInput,
  SignalsQuery,
} from '../../../../contracts/remote.ts';
import { AttachmentDto } from '../../../../contracts/tickets.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { AppError } from '../../platform/http/errors.ts';
import { uploadParts } from '../../platform/http/multipart.ts';
import { FileStore } from '../../platform/storage/file-store.ts';
import { answerInvitation } from './answer-invitation.ts';
import { createRemoteSession } from './create-session.ts';
import { type IceSettings, parseIceServers } from './domain.ts';
import { endRemoteSession } from './end-session.ts';
import { getRemoteSession, listTicketRemoteSessions } from './get-session.ts';
import { getIceServers } from './ice-servers.ts';
import { saveRecording } from './save-recording.ts';
import { listSignals, sendSignal } from './signals.ts';

export async function remoteRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, config } = deps;
  const tags = ['remote assistance'];
  const store = new FileStore(config.DATA_DIR);
  const ice: IceSettings = {
    servers: parseIceServers(config.WEBRTC_ICE_SERVERS),
    turnSecret: config.TURN_SECRET,
    turnUrls: (config.TURN_URLS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    turnTtlSeconds: config.TURN_TTL_SECONDS,
  };

  app.post(
    '/tickets/:id/remote-sessions',
    {
      schema: { tags, params: IdParams, body: CreateRemoteSessionInput, response: { 201: RemoteSessionDto } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const session = await db.transaction((tx) =>
        createRemoteSession({
          tx,
          actor,
          ticketId: request.params.id,
          input: {
            reason: request.body.reason,
            inviteMinutes: config.REMOTE_INVITE_MINUTES,
            now: new Date(),
          },
        }),
      );
      return reply.status(201).send(session);
    },
  );

  app.get(
    '/tickets/:id/remote-sessions',
    { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(RemoteSessionDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const items = await db.transaction((tx) =>
        listTicketRemoteSessions({ tx, actor, ticketId: request.params.id, now: new Date() }),
      );
      return { items };
    },
  );

  app.get(
    '/remote-sessions/:id',
    { schema: { tags, params: IdParams, response: { 200: RemoteSessionDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        getRemoteSession({ tx, actor, sessionId: request.params.id, now: new Date() }),
      );
    },
  );

  app.post(
    '/remote-sessions/:id/consent',
    { schema: { tags, params: IdParams, body: ConsentInput, response: { 200: RemoteSessionDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        answerInvitation({
          tx,
          actor,
          sessionId: request.params.id,
          input: { kind: 'consent', recording: request.body.recording, now: new Date() },
        }),
      );
    },
  );

  app.post(
    '/remote-sessions/:id/decline',
    { schema: { tags, params: IdParams, response: { 200: RemoteSessionDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        answerInvitation({
          tx,
          actor,
          sessionId: request.params.id,
          input: { kind: 'decline', now: new Date() },
        }),
      );
    },
  );

  app.post(
    '/remote-sessions/:id/callback-request',
    { schema: { tags, params: IdParams, body: CallbackRequestInput, response: { 200: RemoteSessionDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        answerInvitation({
          tx,
          actor,
          sessionId: request.params.id,
          input: { kind: 'callback', phone: request.body.phone, now: new Date() },
        }),
      );
    },
  );

  app.post(
    '/remote-sessions/:id/end',
    { schema: { tags, params: IdParams, response: { 200: RemoteSessionDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        endRemoteSession({ tx, actor, sessionId: request.params.id, now: new Date() }),
      );
    },
  );

  app.post(
    '/remote-sessions/:id/signal',
    {
      schema: {
        tags,
        params: IdParams,
        body: SignalInput,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const sent = await db.transaction((tx) =>
        sendSignal({ tx, actor, sessionId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(sent);
    },
  );

  app.get(
    '/remote-sessions/:id/signals',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: SignalsQuery,
        response: { 200: z.object({ items: z.array(SignalDto) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const items = await db.transaction((tx) =>
        listSignals({ tx, actor, sessionId: request.params.id, after: request.query.after }),
      );
      return { items };
    },
  );

  app.get(
    '/remote-sessions/:id/ice-servers',
    { schema: { tags, params: IdParams, response: { 200: IceServersDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await db.transaction((tx) =>
        getIceServers({ tx, actor, sessionId: request.params.id, settings: ice, now: new Date() }),
      );
      // The TURN credential is personal and short-lived: never cached.
      reply.header('cache-control', 'no-store');
      return result;
    },
  );

  app.post(
    '/remote-sessions/:id/recording',
    {
      schema: { tags, params: IdParams, consumes: ['multipart/form-data'], response: { 201: AttachmentDto } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('attachment.missing', { field: 'file' });
      for await (const part of uploadParts(request, {
        limits: { fileSize: config.ATTACHMENT_MAX_BYTES + 1 },
      })) {
        if (part.type === 'field') continue;
        if (part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        const attachment = await saveRecording({
          db,
          store,
          actor,
          sessionId: request.params.id,
          file: { mimetype: part.mimetype, stream: part.file },
          maxBytes: config.ATTACHMENT_MAX_BYTES,
        });
        return reply.status(201).send(attachment);
      }
      throw new AppError('attachment.missing', { field: 'file' });
    },
  );
}
