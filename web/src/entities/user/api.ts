import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import {
  type CreateUserInput,
  MeDto,
  type Role,
  type UpdateMeInput,
  type UpdateUserInput,
  UserDto,
} from '../../../../contracts/identity.ts';
import { api, isApiError, itemsOf } from '../../shared/api/client.ts';
import { subscribeLive } from '../notification/live.ts';

export const meKey = ['me'] as const;
export const usersKey = ['users'] as const;

/** The signed-in user, or null when nobody is signed in. */
async function fetchMe(): Promise<MeDto | null> {
  try {
    return await api.get(MeDto, '/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

/**
 * The person's sessions ended elsewhere (a new password, deactivation): ask who is signed in
 * at once, so that a page whose session is gone goes to the sign-in page.
 */
export function useSessionEndWatch(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      subscribeLive('identity.sessions_ended', () => {
        void queryClient.invalidateQueries({ queryKey: meKey });
      }),
    [queryClient],
  );
}

/**
 * Whether the signed-in user's role has a capability (`kb.publish`, `roster.manage`...), as the server
 * lists them on GET /me: the interface offers only the actions the server will accept.
 */
export function useCan(capability: string): boolean {
  const me = useMe();
  return me.data?.capabilities.includes(capability) ?? false;
}

export type LoginInput = { email: string; password: string };

/** What POST /auth/login answers: the person signed in. */
const LoginAnswer = z.object({ user: MeDto });

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post(LoginAnswer, '/auth/login', input),
    onSuccess: ({ user }) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, user);
    },
  });
}

/** Ends the session; the caller then reloads the app at /login, which forgets every cached answer. */
export function useLogout() {
  return useMutation({ mutationFn: () => api.post<unknown>('/auth/logout') });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof UpdateMeInput>) => api.patch(MeDto, '/me', input),
    onSuccess: (user) => queryClient.setQueryData(meKey, user),
  });
}

/** `role`: one role, or several joined by commas; `ids` the same (the server's ListUsersQuery). */
export type UsersQuery = {
  role?: Role | 'agent,lead,quality,admin';
  q?: string;
  teamId?: number;
  ids?: string;
};

export function useUsers(query: UsersQuery = {}, enabled = true) {
  return useQuery({
    queryKey: [...usersKey, query],
    queryFn: ({ signal }) => api.get(itemsOf(UserDto), '/users', query, signal),
    select: (data) => data.items,
    enabled,
    staleTime: 30_000,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateUserInput>) => api.post(UserDto, '/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: z.input<typeof UpdateUserInput> }) =>
      api.patch(UserDto, `/users/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}
