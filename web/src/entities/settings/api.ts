import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { TokenDto } from '../../../../contracts/identity.ts';
import { type ImportResult, PriorityMatrix } from '../../../../contracts/tickets.ts';
import { api, apiRequest } from '../../shared/api/client.ts';

const MatrixBody = z.object({ matrix: PriorityMatrix });

export const priorityMatrixKey = ['priority-matrix'] as const;

export function usePriorityMatrix() {
  return useQuery({
    queryKey: priorityMatrixKey,
    queryFn: ({ signal }) => api.get(MatrixBody, '/priority-matrix', undefined, signal),
    select: (data) => data.matrix,
  });
}

export function useSavePriorityMatrix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (matrix: PriorityMatrix) => api.put(MatrixBody, '/priority-matrix', { matrix }),
    onSuccess: (data) => queryClient.setQueryData(priorityMatrixKey, data),
  });
}

export type ImportSummary = z.infer<typeof ImportResult>;

export function useImportTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jsonLines: string) =>
      apiRequest<ImportSummary>('/import/tickets', {
        method: 'POST',
        body: jsonLines,
        contentType: 'application/x-ndjson',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export type CreatedToken = z.infer<typeof TokenDto>;

export function useCreateToken() {
  return useMutation({ mutationFn: (name: string) => api.post(TokenDto, '/tokens', { name }) });
}
