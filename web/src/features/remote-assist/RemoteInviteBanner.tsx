import { DesktopOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTicketRemoteSessions } from './api.ts';

/** On the requester's ticket page: an invitation waiting for them, or a session still running. */
export function RemoteInviteBanner({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const sessions = useTicketRemoteSessions(ticketId);
  const waiting = (sessions.data?.items ?? []).find(
    (session) => session.status === 'invited' || session.status === 'active' || session.status === 'paused',
  );
  if (!waiting) return null;
  const invited = waiting.status === 'invited';
  return (
    <Alert
      type={invited ? 'info' : 'success'}
      showIcon
      icon={<DesktopOutlined />}
      data-testid="remote-banner"
      title={
        invited
          ? t('remoteAssist.bannerInvited', { name: waiting.agent.name })
          : t('remoteAssist.bannerActive', { name: waiting.agent.name })
      }
      description={waiting.reason || undefined}
      action={
        <Link to={waiting.joinUrl}>
          <Button type="primary" data-testid="remote-banner-open">
            {invited ? t('remoteAssist.bannerOpen') : t('remoteAssist.bannerReturn')}
          </Button>
        </Link>
      }
    />
  );
}
