import { DesktopOutlined } from '@ant-design/icons';
import type { ButtonProps } from 'antd';
import { Button, Card, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useMe } from '../../entities/user/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { isOpen, remoteApi, useTicketRemoteSessions } from './api.ts';
import { RemoteStatusTag, RemoteViewer } from './RemoteViewer.tsx';

const FINAL = ['closed', 'cancelled'];

/**
 * On the agent's ticket page: invite the requester to share their screen (ES-7), and open
 * the session's window while it runs.
 */
export function RemoteAssistCard({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const me = useMe();
  const sessions = useTicketRemoteSessions(ticket.id);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [viewing, setViewingId] = useState<number | null>(null);
  const [visible, setVisible] = useState(false);
  const setViewing = (id: number) => {
    setViewingId(id);
    setVisible(true);
  };
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = (sessions.data?.items ?? []).find(isOpen);
  const last = sessions.data?.items[0];
  const invite = async () => {
    setBusy(true);
    setError(null);
    try {
      const session = await remoteApi.invite(ticket.id, reason.trim());
      setAsking(false);
      setReason('');
      await sessions.refetch();
      setViewing(session.id);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('remoteAssist.title')}>
      <Flex vertical gap={8}>
        {open ? (
          <Flex gap={8} align="center" wrap>
            <RemoteStatusTag session={open} />
            <Typography.Text type="secondary">
              {open.agent.id === me.data?.id ? '' : open.agent.name}
            </Typography.Text>
            <Button
              type="primary"
              icon={<DesktopOutlined />}
              onClick={() => setViewing(open.id)}
              data-testid="remote-open"
            >
              {t('remoteAssist.openWindow')}
            </Button>
          </Flex>
        ) : (
          <>
            <Button
              icon={<DesktopOutlined />}
              disabled={FINAL.includes(ticket.status)}
              onClick={() => setAsking(true)}
              data-testid="remote-invite"
            >
              {t('remoteAssist.invite')}
            </Button>
            {last && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('remoteAssist.lastSession', {
                  time: formatDateTime(last.createdAt),
                  status: t(`remoteAssist.status.${last.status}`),
                })}
              </Typography.Text>
            )}
          </>
        )}
      </Flex>
      <Modal
        open={asking}
        title={t('remoteAssist.invite')}
        okText={t('remoteAssist.sendInvite')}
        confirmLoading={busy}
        onOk={() => void invite()}
        onCancel={() => setAsking(false)}
        okButtonProps={{ 'data-testid': 'remote-invite-send' } as ButtonProps}
      >
        <Flex vertical gap={8}>
          <Typography.Paragraph type="secondary">
            {t('remoteAssist.inviteHelp', { name: ticket.requester?.name ?? '' })}
          </Typography.Paragraph>
          <Input.TextArea
            value={reason}
            maxLength={500}
            rows={3}
            placeholder={t('remoteAssist.reasonPlaceholder')}
            onChange={(event) => setReason(event.target.value)}
            data-testid="remote-reason"
          />
          <ErrorAlert error={error} />
        </Flex>
      </Modal>
      <Modal
        open={visible}
        title={t('remoteAssist.title')}
        width={1100}
        footer={null}
        onCancel={() => {
          // The window hides; the connection stays up until the session ends.
          setVisible(false);
          void sessions.refetch();
        }}
      >
        {viewing !== null && <RemoteViewer sessionId={viewing} />}
      </Modal>
    </Card>
  );
}
