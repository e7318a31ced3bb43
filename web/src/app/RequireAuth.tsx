import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../../../contracts/identity.ts';
import { useMe } from '../entities/user/api.ts';
import { homePathFor } from '../entities/user/roles.ts';
import { setDisplayTimeZone } from '../shared/lib/format.ts';
import { errorText } from '../shared/ui/errors.ts';
import { PageLoading } from '../shared/ui/PageLoading.tsx';

type Props = { roles?: readonly Role[]; children?: ReactNode };

/** Renders its routes for a signed-in user of one of `roles`; sends everyone else where they belong. */
export function RequireAuth({ roles, children }: Props) {
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
  if (roles && !roles.includes(me.data.role)) return <Navigate to={homePathFor(me.data.role)} replace />;
  setDisplayTimeZone(me.data.timezone);
  return children ?? <Outlet />;
}

export function HomeRedirect() {
  const me = useMe();
  if (!me.data) return <Navigate to="/login" replace />;
  return <Navigate to={homePathFor(me.data.role)} replace />;
}
