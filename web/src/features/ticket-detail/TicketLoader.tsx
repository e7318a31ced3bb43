import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useTicket } from '../../entities/ticket/api.ts';
import { isApiError } from '../../shared/api/client.ts';
import { errorText } from '../../shared/ui/errors.ts';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

/** Loads the ticket named by the `:id` route parameter; not found and not visible look the same. */
export function TicketLoader({ children }: { children: (ticket: TicketDto) => ReactNode }) {
  const { t } = useTranslation();
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const ticket = useTicket(id, valid);

  if (!valid || (ticket.isError && isApiError(ticket.error) && ticket.error.status === 404)) {
    return <Result status="404" title={t('detail.notFound')} />;
  }
  if (ticket.isError) return <Result status="error" title={errorText(t, ticket.error)} />;
  if (ticket.isPending) return <PageLoading />;
  return <>{children(ticket.data)}</>;
}
