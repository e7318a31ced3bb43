import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../../../contracts/identity.ts';
import { useMe } from '../entities/user/api.ts';
import { homePathFor, isStaff } from '../entities/user/roles.ts';
import { setDisplayTimeZone } from '../shared/lib/format.ts';
import { errorText } from '../shared/ui/errors.ts';
import { PageLoading } from '../shared/ui/PageLoading.tsx';

type Props = { roles?: readonly Role[]; capability?: string; children?: ReactNode };

/** 403: the page exists, and this person may not open it; said so, with the way home. */
export function Forbidden({ home }: { home: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('shell.forbidden')}
      subTitle={t('shell.forbiddenHint')}
      data-testid="forbidden"
      extra={
        <Link to={home}>
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

/**
 * Renders its routes for a signed-in user of one of `roles` (and with `capability`): a visitor
 * signs in first and comes back here; a signed-in person without the right sees a 403 page.
 */
export function RequireAuth({ roles, capability, children }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={errorText(t, me.error)}
        extra={<Button onClick={() => void me.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const ticketLink = /^\/portal\/tickets\/(\d+)$/.exec(location.pathname);
  // A requester's ticket link opened by a member of staff (forwarded in IM): the same ticket, staff view.
  if (ticketLink && isStaff(me.data.role)) return <Navigate to={`/agent/tickets/${ticketLink[1]}`} replace />;
  const roleAllowed = !roles || roles.includes(me.data.role);
  const capabilityAllowed = !capability || me.data.capabilities.includes(capability);
  if (!roleAllowed || !capabilityAllowed) return <Forbidden home={homePathFor(me.data.role)} />;
  setDisplayTimeZone(me.data.timezone);
  return children ?? <Outlet />;
}

export function HomeRedirect() {
  const me = useMe();
  if (!me.data) return <Navigate to="/login" replace />;
  return <Navigate to={homePathFor(me.data.role)} replace />;
}
