import { Alert, Button, Col, Flex, Popconfirm, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteSessionDto } from '../../../../contracts/remote.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useAgentPeer } from './agent-peer.ts';
import { isOpen, remoteApi, useRemoteSession } from './api.ts';
import { ChatPanel } from './ChatPanel.tsx';
import { useSessionRecorder } from './recorder.ts';
import { ScreenView } from './ScreenView.tsx';

export function RemoteStatusTag({ session }: { session: RemoteSessionDto }) {
  const { t } = useTranslation();
  const color = { invited: 'gold', active: 'green', paused: 'orange' }[session.status as string] ?? 'default';
  return (
    <Tag color={color} data-testid="remote-status" data-status={session.status}>
      {t(`remoteAssist.status.${session.status}`)}
    </Tag>
  );
}

/** The agent's window on a session: the requester's screen, the pointer, the chat, and the end. */
export function RemoteViewer({ sessionId }: { sessionId: number }) {
  const { t } = useTranslation();
  const query = useRemoteSession(sessionId);
  const session = query.data;
  const live = session?.status === 'active' || session?.status === 'paused';
  const peer = useAgentPeer(sessionId, live && session?.role === 'agent');
  const recording = useSessionRecorder(sessionId, peer.stream, session?.recordingConsent === true);
  const [pointer, setPointer] = useState<{ x: number; y: number; key: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!session) return null;
  const end = async () => {
    try {
      await remoteApi.end(sessionId);
      await query.refetch();
    } catch (cause) {
      setError(cause);
    }
  };
  const point = (x: number, y: number) => {
    setPointer({ x, y, key: Date.now() });
    peer.point(x, y).catch(setError);
  };
  return (
    <Flex vertical gap={12} data-testid="remote-viewer">
      <Flex gap={8} align="center" wrap>
        <RemoteStatusTag session={session} />
        <Typography.Text>{t('remoteAssist.with', { name: session.requester.name })}</Typography.Text>
        {live && (
          <Typography.Text type="secondary" data-testid="remote-connection">
            {t(`remoteAssist.connection.${peer.state}`)}
          </Typography.Text>
        )}
        {recording !== 'off' && (
          <Tag
            color={recording === 'failed' ? 'red' : 'purple'}
            data-testid="remote-recording"
            data-state={recording}
          >
            {t(`remoteAssist.recording.${recording}`)}
          </Tag>
        )}
        {isOpen(session) && (
          <Popconfirm title={t('remoteAssist.endConfirm')} onConfirm={() => void end()}>
            <Button danger data-testid="remote-end">
              {t('remoteAssist.end')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      <ErrorAlert error={error} />
      {session.status === 'invited' && (
        <Alert
          type="info"
          showIcon
          title={t('remoteAssist.waiting', { name: session.requester.name })}
          description={
            <>
              <div>{t('remoteAssist.expiresAt', { time: formatDateTime(session.expiresAt) })}</div>
              <Typography.Text copyable>{`${window.location.origin}${session.joinUrl}`}</Typography.Text>
            </>
          }
        />
      )}
      {live && session.role === 'agent' && (
        <Row gutter={12}>
          <Col xs={24} lg={16}>
            <ScreenView
              stream={peer.stream}
              pointer={pointer}
              onPoint={point}
              testId="remote-video"
              overlay={
                session.status === 'paused'
                  ? t('remoteAssist.pausedByRequester')
                  : peer.stream
                    ? null
                    : t('remoteAssist.connecting')
              }
            />
            <Typography.Text type="secondary">{t('remoteAssist.pointHint')}</Typography.Text>
          </Col>
          <Col xs={24} lg={8}>
            <ChatPanel lines={peer.chat} onSend={peer.sendChat} />
          </Col>
        </Row>
      )}
      {live && session.role !== 'agent' && (
        <Alert type="info" showIcon title={t('remoteAssist.otherAgent', { name: session.agent.name })} />
      )}
      {!isOpen(session) && (
        <Alert type="info" showIcon title={t(closedKey(session.status))} data-testid="remote-closed" />
      )}
    </Flex>
  );
}

/** What a session that is over says: declined, expired, or ended (whatever ended it). */
function closedKey(status: string) {
  if (status === 'declined') return 'remoteAssist.closed.declined' as const;
  if (status === 'expired') return 'remoteAssist.closed.expired' as const;
  return 'remoteAssist.closed.ended' as const;
}
