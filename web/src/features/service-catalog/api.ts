import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type Answers,
  CatalogItemDto,
  CatalogItemList,
  type CreateCatalogItemInput,
  FulfilmentTaskDto,
  SelfHelpDto,
  ServiceRequestDto,
} from '../../../../contracts/catalog.ts';
import { TicketDto } from '../../../../contracts/tickets.ts';
import { ticketKeys } from '../../entities/ticket/api.ts';
import { api, isApiError } from '../../shared/api/client.ts';

const itemsKey = (all: boolean) => ['catalog', 'items', all] as const;

export function useCatalogItems(all = false) {
  return useQuery({
    queryKey: itemsKey(all),
    queryFn: ({ signal }) =>
      api.get(CatalogItemList, '/catalog/items', all ? { all: 'true' } : undefined, signal),
    select: (data) => data.items,
  });
}

export function useSaveCatalogItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: CreateCatalogItemInput }) =>
      id === null
        ? api.post(CatalogItemDto, '/catalog/items', input)
        : api.patch(CatalogItemDto, `/catalog/items/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['catalog', 'items'] }),
  });
}

const CreatedRequest = z.object({ requestId: z.number(), ticket: TicketDto });

export function useRequestService(itemId: number) {
  return useMutation({
    mutationFn: (answers: Answers) =>
      api.post(CreatedRequest, `/catalog/items/${itemId}/requests`, { answers }),
  });
}

const requestKey = (ticketId: number) => ['catalog', 'request', ticketId] as const;

/** The catalog request a ticket carries; null when the ticket was not made from the catalog. */
export function useServiceRequest(ticketId: number) {
  return useQuery({
    queryKey: requestKey(ticketId),
    queryFn: async ({ signal }) => {
      try {
        return await api.get(ServiceRequestDto, `/tickets/${ticketId}/service-request`, undefined, signal);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useCompleteTask(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: number) => api.patch(FulfilmentTaskDto, `/tasks/${taskId}`, { status: 'done' }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: requestKey(ticketId) });
      queryClient.invalidateQueries({ queryKey: ['ticket', ticketId] });
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

const selfHelpKey = (ticketId: number) => ['catalog', 'self-help', ticketId] as const;

/** Whether the ticket was answered with a self-help guide, and whether the reader may confirm it (CL-4). */
export function useSelfHelp(ticketId: number) {
  return useQuery({
    queryKey: selfHelpKey(ticketId),
    queryFn: ({ signal }) => api.get(SelfHelpDto, `/tickets/${ticketId}/self-help`, undefined, signal),
  });
}

/** The requester confirms the guide solved the problem: the ticket closes as deflected. */
export function useConfirmSelfHelp(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(SelfHelpDto, `/tickets/${ticketId}/self-help/confirm`, {}),
    onSuccess: (data) => {
      queryClient.setQueryData(selfHelpKey(ticketId), data);
      queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}
