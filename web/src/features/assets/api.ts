import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  AssetDto,
  AssetImportResultDto,
  AssetPageDto,
  AssetPartDto,
  AssetTypeDto,
  type CreateAssetInput,
  type CreateRelationInput,
  ReplacementDto,
  type ReplacementInput,
  type UpdateAssetInput,
} from '../../../../contracts/assets.ts';
import { api, apiRequest, itemsOf } from '../../shared/api/client.ts';

export const assetKeys = {
  all: ['assets'] as const,
  list: (filters: Record<string, string | number | undefined>) => ['assets', 'list', filters] as const,
  detail: (id: number) => ['assets', 'detail', id] as const,
  types: ['assets', 'types'] as const,
  parts: ['assets', 'parts'] as const,
};

export type AssetFilters = {
  q?: string;
  type?: string;
  status?: string;
  criticality?: string;
  page: number;
  pageSize: number;
};

export function useAssets(filters: AssetFilters, enabled = true) {
  return useQuery({
    queryKey: assetKeys.list(filters),
    queryFn: ({ signal }) => api.get(AssetPageDto, '/assets', filters, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useAsset(id: number | null) {
  return useQuery({
    queryKey: assetKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get(AssetDto, `/assets/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

export function useAssetTypes() {
  return useQuery({
    queryKey: assetKeys.types,
    queryFn: ({ signal }) => api.get(itemsOf(AssetTypeDto), '/asset-types', undefined, signal),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useAssetParts(enabled = true) {
  return useQuery({
    queryKey: assetKeys.parts,
    queryFn: ({ signal }) => api.get(itemsOf(AssetPartDto), '/asset-parts', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

/** Everything shown about assets (and tickets, which show their assets) is stale after a change. */
function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: assetKeys.all })]);
}

export function useSaveAsset() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({
      id,
      input,
    }: {
      id: number | null;
      input: z.input<typeof CreateAssetInput> | UpdateAssetInput;
    }) => (id === null ? api.post(AssetDto, '/assets', input) : api.patch(AssetDto, `/assets/${id}`, input)),
    onSuccess: refresh,
  });
}

export function useAddRelation(assetId: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: CreateRelationInput) => api.post(AssetDto, `/assets/${assetId}/relations`, input),
    onSuccess: refresh,
  });
}

export function useRemoveRelation(assetId: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (relationId: number) => api.delete(AssetDto, `/assets/${assetId}/relations/${relationId}`),
    onSuccess: refresh,
  });
}

export function useRecordReplacement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ assetId, input }: { assetId: number; input: z.input<typeof ReplacementInput> }) =>
      api.post(ReplacementDto, `/assets/${assetId}/replacements`, input),
    onSuccess: (_data, { input }) =>
      Promise.all([
        client.invalidateQueries({ queryKey: assetKeys.all }),
        input.ticketId ? client.invalidateQueries({ queryKey: ['tickets', 'detail', input.ticketId] }) : null,
      ]),
  });
}

/** Sends the CSV file as it is (multipart), for a dry run or the import. */
export function importAssetsCsv(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest('/assets/import', {
    method: 'POST',
    body: form,
    query: { dryRun },
    schema: AssetImportResultDto,
  });
}
