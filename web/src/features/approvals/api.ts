import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import {
  type ApprovalDecision,
  ApprovalDto,
  ApprovalLinkView,
  type TicketApprovalInput,
} from '../../../../contracts/approvals.ts';
import { subscribeLive } from '../../entities/notification/live.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

/** The live event the server sends when an approval changes (server approvals/finish.ts). */
export const APPROVAL_LIVE_EVENT = 'approval.changed';

export const approvalKeys = {
  all: ['approvals'] as const,
  mine: (status: 'pending' | 'decided') => ['approvals', 'mine', status] as const,
  count: ['approvals', 'pending-count'] as const,
  one: (id: number) => ['approvals', 'one', id] as const,
  ofTicket: (ticketId: number) => ['approvals', 'ticket', ticketId] as const,
};

/** Every approval query is refetched when one changes (live event; a minute's poll as a fallback). */
function useLiveApprovals(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeLive(APPROVAL_LIVE_EVENT, () => {
        void client.invalidateQueries({ queryKey: approvalKeys.all });
      }),
    [client],
  );
}

export function useMyApprovals(status: 'pending' | 'decided') {
  useLiveApprovals();
  return useQuery({
    queryKey: approvalKeys.mine(status),
    queryFn: ({ signal }) => api.get(itemsOf(ApprovalDto), '/approvals', { status, limit: 100 }, signal),
  });
}

/** How many approvals wait for the signed-in person (the menu's count). */
export function usePendingApprovalCount(enabled = true) {
  useLiveApprovals();
  return useQuery({
    queryKey: approvalKeys.count,
    queryFn: ({ signal }) =>
      api.get(z.object({ count: z.number().int() }), '/approvals/pending-count', undefined, signal),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useApproval(id: number) {
  useLiveApprovals();
  return useQuery({
    queryKey: approvalKeys.one(id),
    queryFn: ({ signal }) => api.get(ApprovalDto, `/approvals/${id}`, undefined, signal),
    retry: false,
  });
}

export function useTicketApprovals(ticketId: number) {
  useLiveApprovals();
  return useQuery({
    queryKey: approvalKeys.ofTicket(ticketId),
    queryFn: ({ signal }) =>
      api.get(itemsOf(ApprovalDto), `/tickets/${ticketId}/approvals`, undefined, signal),
  });
}

export function useDecideApproval() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      id: number;
      decision: ApprovalDecision;
      comment?: string;
      commentPublic?: boolean;
    }) =>
      api.post(ApprovalDto, `/approvals/${input.id}/decision`, {
        decision: input.decision,
        ...(input.comment?.trim()
          ? { comment: input.comment.trim(), commentPublic: input.commentPublic ?? false }
          : {}),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: approvalKeys.all }),
  });
}

/** The person who asked, or an administrator, withdraws a pending approval with a reason. */
export function useCancelApproval() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; reason: string }) =>
      api.post(ApprovalDto, `/approvals/${input.id}/cancel`, { reason: input.reason.trim() }),
    onSuccess: () => client.invalidateQueries({ queryKey: approvalKeys.all }),
  });
}

export function useRequestTicketApproval(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TicketApprovalInput) =>
      api.post(ApprovalDto, `/tickets/${ticketId}/approvals`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: approvalKeys.all }),
  });
}

/** What a signed link from a mail or IM message will do (no sign-in). */
export function useApprovalLink(token: string) {
  return useQuery({
    queryKey: ['approval-link', token],
    queryFn: ({ signal }) =>
      api.get(ApprovalLinkView, `/approval-links/${encodeURIComponent(token)}`, undefined, signal),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDecideByLink(token: string) {
  return useMutation({
    mutationFn: ({ comment, commentPublic = false }: { comment: string; commentPublic?: boolean }) =>
      api.post(ApprovalLinkView, `/approval-links/${encodeURIComponent(token)}`, {
        ...(comment.trim() ? { comment: comment.trim(), commentPublic } : {}),
      }),
  });
}
