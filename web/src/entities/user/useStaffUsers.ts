import { useMemo } from 'react';
import { useUsers } from './api.ts';
import { isStaff } from './roles.ts';

/** Everyone who can work tickets: the choices for assignee and team members. */
export function useStaffUsers(enabled = true) {
  const users = useUsers({}, enabled);
  const staff = useMemo(
    () => (users.data ?? []).filter((user) => isStaff(user.role) && user.active),
    [users.data],
  );
  return { ...users, staff };
}
