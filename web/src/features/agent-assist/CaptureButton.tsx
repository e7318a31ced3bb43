import { FileAddOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';

/** KB-2: a resolved ticket offers an article prefilled from it (the target is within 4 hours). */
export function CaptureButton({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return null;
  return (
    <Alert
      type="info"
      showIcon
      title={t('kb.capture.hint')}
      action={
        <Link to={`/agent/kb/new?fromTicket=${ticket.id}`}>
          <Button size="small" icon={<FileAddOutlined />} data-testid="capture-article">
            {t('kb.capture.button')}
          </Button>
        </Link>
      }
    />
  );
}
