import { Alert, Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTicketNumber } from '../../shared/lib/format.ts';
import type { SubmittedTicket } from './useSubmitTicket.ts';

type Props = { submitted: SubmittedTicket; ticketPath: string; onAnother: () => void; title?: string };

/** The ticket number, at once and unmistakably (IN-4), with the way to follow it. */
export function TicketCreatedResult({ submitted, ticketPath, onAnother, title }: Props) {
  const { t } = useTranslation();
  const number = formatTicketNumber(submitted.ticket.number);
  return (
    <Result
      status="success"
      title={title ?? t('ticketForm.created')}
      subTitle={
        <>
          {t('ticketForm.createdNumber')}{' '}
          <Typography.Text
            strong
            copyable={{ text: number }}
            style={{ fontSize: 20 }}
            data-testid="ticket-number-result"
          >
            {number}
          </Typography.Text>
          <div>{t('ticketForm.createdHint')}</div>
        </>
      }
      extra={[
        <Link key="view" to={ticketPath} data-testid="ticket-created-link">
          <Button type="primary">{t('ticketForm.viewTicket')}</Button>
        </Link>,
        <Button key="another" onClick={onAnother}>
          {t('ticketForm.another')}
        </Button>,
      ]}
    >
      {submitted.failedUploads.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('ticketForm.uploadsFailed', { names: submitted.failedUploads.join(', ') })}
        />
      )}
    </Result>
  );
}
