import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/lib/format.ts';
import { errorText } from '../../shared/ui/errors.ts';
import { useConfirmSelfHelp, useSelfHelp } from './api.ts';

/**
 * CL-4 on the requester's ticket page: a ticket answered with a self-help guide asks whether the
 * guide solved the problem; "yes" closes it as deflected. Shows nothing for other tickets.
 */
export function SelfHelpCard({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const selfHelp = useSelfHelp(ticketId);
  const confirm = useConfirmSelfHelp(ticketId);
  const data = selfHelp.data;
  if (!data?.offered) return null;
  if (data.confirmedAt) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="self-help-confirmed"
        title={t('catalog.selfHelp.confirmed', { at: formatDateTime(data.confirmedAt) })}
      />
    );
  }
  if (!data.canConfirm) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="self-help-card"
      title={t('catalog.selfHelp.title')}
      description={
        <Flex vertical gap={8} align="flex-start">
          <Typography.Text>{t('catalog.selfHelp.hint')}</Typography.Text>
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            loading={confirm.isPending}
            data-testid="self-help-confirm"
            onClick={() =>
              confirm.mutate(undefined, {
                onSuccess: () => message.success(t('catalog.selfHelp.done')),
                onError: (error) => message.error(errorText(t, error)),
              })
            }
          >
            {t('catalog.selfHelp.confirm')}
          </Button>
        </Flex>
      }
    />
  );
}
