import { BellOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useNudge } from '../../entities/sla/escalation-api.ts';
import { isApiError } from '../../shared/api/client.ts';
import { errorText } from '../../shared/ui/errors.ts';

const OPEN = ['new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval'];

/** The requester urges their open ticket (CM-3 催办): once an hour; the third goes to the team lead. */
export function NudgeButton({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const nudge = useNudge(ticket.id);
  if (!OPEN.includes(ticket.status)) return null;
  const onClick = () =>
    nudge.mutate(undefined, {
      onSuccess: (result) => message.success(result.escalated ? t('nudge.escalated') : t('nudge.done')),
      onError: (error) =>
        isApiError(error) && error.code === 'nudge.too_soon'
          ? message.warning(errorText(t, error))
          : message.error(errorText(t, error)),
    });
  return (
    <Tooltip title={t('nudge.hint')}>
      <Button icon={<BellOutlined />} onClick={onClick} loading={nudge.isPending} data-testid="nudge-button">
        {t('nudge.button')}
      </Button>
    </Tooltip>
  );
}
