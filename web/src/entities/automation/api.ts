import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type CreateRuleInput,
  DryRunDto,
  RuleDto,
  RuleRunDto,
  type RunOutcome,
  type UpdateRuleInput,
} from '../../../../contracts/automation.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

const rulesKey = ['automation', 'rules'] as const;
const runsKey = ['automation', 'runs'] as const;

export function useAutomationRules() {
  return useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => api.get(itemsOf(RuleDto), '/automation/rules', undefined, signal),
    select: (data) => data.items,
  });
}

export function useSaveAutomationRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: z.input<typeof CreateRuleInput> }) =>
      id === null
        ? api.post(RuleDto, '/automation/rules', input)
        : api.patch(RuleDto, `/automation/rules/${id}`, input as z.input<typeof UpdateRuleInput>),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useToggleAutomationRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      api.patch(RuleDto, `/automation/rules/${id}`, { enabled }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useDeleteAutomationRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/automation/rules/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useDryRun() {
  return useMutation({
    mutationFn: ({ id, ticketId }: { id: number; ticketId: number }) =>
      api.post(DryRunDto, `/automation/rules/${id}/test`, { ticketId }),
  });
}

export function useAutomationRuns(query: { ticketId?: number; ruleId?: number; outcome?: RunOutcome }) {
  return useQuery({
    queryKey: [...runsKey, query],
    queryFn: ({ signal }) =>
      api.get(itemsOf(RuleRunDto), '/automation/runs', { ...query, limit: 100 }, signal),
    select: (data) => data.items,
  });
}
