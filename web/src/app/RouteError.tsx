import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** A page script that no longer exists means a new version was deployed while this tab was open. */
const isStaleBundle = (error: unknown): boolean =>
  error instanceof Error &&
  /dynamically imported module|Importing a module script failed/i.test(error.message);

/** What a person sees instead of a blank page when a route fails to render. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <Result status="404" title={t('app.notFound')} subTitle={t('app.notFoundHint')} />;
  }
  const stale = isStaleBundle(error);
  return (
    <Result
      status={stale ? 'info' : 'error'}
      title={stale ? t('app.updated') : t('app.crashed')}
      subTitle={stale ? t('app.updatedHint') : t('app.crashedHint')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </Button>
      }
    />
  );
}
