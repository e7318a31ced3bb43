import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssetDto,
  AssetListQuery,
  AssetPageDto,
  AssetPartDto,
  AssetPartInput,
  AssetTypeDto,
  AssetTypeInput,
  AssetTypeKey,
  CreateAssetInput,
  CreateRelationInput,
  RelationParams,
  ReplacementDto,
  ReplacementInput,
  UpdateAssetInput,
  UpdateAssetPartInput,
  UpdateAssetTypeInput,
} from '../../../../contracts/assets.ts';
import { IdParams } from '../../../../contracts/common.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { createAssetType, listAssetTypes, updateAssetType } from './asset-types.ts';
import { createAsset } from './create-asset.ts';
import { getAsset } from './get-asset.ts';
import { listAssets } from './list-assets.ts';
import { createPart, listParts, updatePart } from './parts.ts';
import { addRelation, removeRelation } from './relations.ts';
import { listReplacements, recordReplacement } from './replacements.ts';
import { updateAsset } from './update-asset.ts';

export async function assetRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['assets'];

  app.get(
    '/assets',
    { schema: { tags, querystring: AssetListQuery, response: { 200: AssetPageDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listAssets({ tx, actor, query: request.query }));
    },
  );

  app.post(
    '/assets',
    { schema: { tags, body: CreateAssetInput, response: { 201: AssetDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const asset = await db.transaction((tx) => createAsset({ tx, actor, input: request.body }));
      return reply.status(201).send(asset);
    },
  );

  app.get(
    '/assets/:id',
    { schema: { tags, params: IdParams, response: { 200: AssetDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => getAsset({ tx, actor, assetId: request.params.id }));
    },
  );

  app.patch(
    '/assets/:id',
    { schema: { tags, params: IdParams, body: UpdateAssetInput, response: { 200: AssetDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateAsset({ tx, actor, assetId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/assets/:id/relations',
    { schema: { tags, params: IdParams, body: CreateRelationInput, response: { 201: AssetDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const asset = await db.transaction((tx) =>
        addRelation({ tx, actor, assetId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(asset);
    },
  );

  app.delete(
    '/assets/:id/relations/:relationId',
    { schema: { tags, params: RelationParams, response: { 200: AssetDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        removeRelation({ tx, actor, assetId: request.params.id, relationId: request.params.relationId }),
      );
    },
  );

  app.get(
    '/assets/:id/replacements',
    { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(ReplacementDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction(async (tx) => {
        await getAsset({ tx, actor, assetId: request.params.id });
        return { items: await listReplacements(tx, request.params.id) };
      });
    },
  );

  app.post(
    '/assets/:id/replacements',
    { schema: { tags, params: IdParams, body: ReplacementInput, response: { 201: ReplacementDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const replacement = await db.transaction((tx) =>
        recordReplacement({ tx, actor, assetId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(replacement);
    },
  );

  app.get(
    '/asset-types',
    { schema: { tags, response: { 200: z.object({ items: z.array(AssetTypeDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return { items: await db.transaction((tx) => listAssetTypes({ tx, actor })) };
    },
  );

  app.post(
    '/asset-types',
    { schema: { tags, body: AssetTypeInput, response: { 201: AssetTypeDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const type = await db.transaction((tx) => createAssetType({ tx, actor, input: request.body }));
      return reply.status(201).send(type);
    },
  );

  app.patch(
    '/asset-types/:key',
    {
      schema: {
        tags,
        params: z.object({ key: AssetTypeKey }),
        body: UpdateAssetTypeInput,
        response: { 200: AssetTypeDto },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateAssetType({ tx, actor, key: request.params.key, input: request.body }),
      );
    },
  );

  app.get(
    '/asset-parts',
    { schema: { tags, response: { 200: z.object({ items: z.array(AssetPartDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return { items: await db.transaction((tx) => listParts({ tx, actor })) };
    },
  );

  app.post(
    '/asset-parts',
    { schema: { tags, body: AssetPartInput, response: { 201: AssetPartDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const part = await db.transaction((tx) => createPart({ tx, actor, input: request.body }));
      return reply.status(201).send(part);
    },
  );

  app.patch(
    '/asset-parts/:id',
    { schema: { tags, params: IdParams, body: UpdateAssetPartInput, response: { 200: AssetPartDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updatePart({ tx, actor, partId: request.params.id, input: request.body }),
      );
    },
  );
}
