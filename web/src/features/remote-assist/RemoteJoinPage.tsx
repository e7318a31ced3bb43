import { DesktopOutlined, PauseOutlined, PhoneOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Flex, Input, Result, Row, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { API_BASE } from '../../shared/api/client.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { remoteApi, useRemoteSession } from './api.ts';
import { type ChatLine, ChatPanel } from './ChatPanel.tsx';
import { RemoteStatusTag } from './RemoteViewer.tsx';
import { SharingPeer } from './requester-peer.ts';
import { ScreenView } from './ScreenView.tsx';

/** Mobile browsers cannot capture the screen (no getDisplayMedia): offer a call-back instead. */
function canShareScreen(): boolean {
  const mobile = /Android|iPhone|iPad|iPod|Mobile|HarmonyOS/i.test(navigator.userAgent);
  return !mobile && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

function CallbackOffer({ sessionId, onDone }: { sessionId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const request = async () => {
    try {
      await remoteApi.callback(sessionId, phone);
      onDone();
    } catch (cause) {
      setError(cause);
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="remote-mobile"
      title={t('remoteAssist.mobileTitle')}
      description={
        <Flex vertical gap={8}>
          <span>{t('remoteAssist.mobileWhy')}</span>
          <Flex gap={8}>
            <Input
              value={phone}
              inputMode="tel"
              placeholder={t('remoteAssist.phonePlaceholder')}
              onChange={(event) => setPhone(event.target.value)}
              data-testid="remote-callback-phone"
            />
            <Button icon={<PhoneOutlined />} onClick={() => void request()} data-testid="remote-callback">
              {t('remoteAssist.requestCallback')}
            </Button>
          </Flex>
          <ErrorAlert error={error} />
        </Flex>
      }
    />
  );
}

/**
 * The requester's page for an invitation (/portal/remote/:id): who asks and why, explicit
 * consent, then their own screen shared with the agent, with the agent's pointer drawn on a
 * preview of it, a chat, pause and end.
 */
export default function RemoteJoinPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const query = useRemoteSession(id);
  const session = query.data;
  const peer = useRef<SharingPeer | null>(null);
  const [preview, setPreview] = useState<MediaStream | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number; key: number } | null>(null);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [paused, setPaused] = useState(false);
  const [recording, setRecording] = useState(false);
  const [connection, setConnection] = useState<RTCPeerConnectionState | 'waiting'>('waiting');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const live = session?.status === 'active' || session?.status === 'paused';

  const stopSharing = useCallback(() => {
    peer.current?.stop();
    peer.current = null;
    setPreview(null);
  }, []);
  // The session ended (by either side, or expired): stop capturing at once.
  useEffect(() => {
    if (session && !live) stopSharing();
  }, [session, live, stopSharing]);
  // Leaving the page ends a running session: nobody keeps seeing a screen that was left behind.
  useEffect(() => {
    const leave = () => {
      if (!peer.current) return;
      void fetch(`${API_BASE}/remote-sessions/${id}/end`, {
        method: 'POST',
        credentials: 'include',
        keepalive: true,
      });
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      stopSharing();
    };
  }, [id, stopSharing]);

  if (query.isPending) return <PageLoading />;
  if (query.error || !session) return <ErrorAlert error={query.error} />;

  const consentAndShare = async () => {
    setBusy(true);
    setError(null);
    let stream: MediaStream | null = null;
    try {
      // Asked first, inside the click: the browser lets a page capture the screen only on a gesture.
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      if (session.status === 'invited') await remoteApi.consent(id, recording);
      const sharing = new SharingPeer(id, stream, {
        onPointer: (x, y) => setPointer({ x, y, key: Date.now() }),
        onChat: (signal, text) =>
          setChat((lines) => [...lines, { id: `s${signal.id}`, mine: false, text, at: signal.at }]),
        onState: setConnection,
        onStoppedByBrowser: () => void end(),
      });
      peer.current = sharing;
      setPreview(stream);
      await sharing.start();
      await query.refetch();
    } catch (cause) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  const end = async () => {
    stopSharing();
    try {
      await remoteApi.end(id);
    } catch (cause) {
      setError(cause);
    }
    await query.refetch();
  };
  const decline = async () => {
    try {
      await remoteApi.decline(id);
      await query.refetch();
    } catch (cause) {
      setError(cause);
    }
  };
  const togglePause = async () => {
    if (!peer.current) return;
    try {
      await peer.current.setPaused(!paused);
      setPaused(!paused);
    } catch (cause) {
      setError(cause);
    }
  };
  const sendChat = async (text: string) => {
    await remoteApi.signal(id, 'chat', { text });
    setChat((lines) => [...lines, { id: `m${Date.now()}`, mine: true, text, at: new Date().toISOString() }]);
  };

  const facts = (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('remoteAssist.whoAsks')}>
        <span data-testid="remote-agent">{session.agent.name}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('remoteAssist.ticket')}>
        <Link to={`/portal/tickets/${session.ticketId}`}>
          {formatTicketNumber(session.ticketNumber)} {session.ticketSubject}
        </Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('remoteAssist.why')}>
        <span data-testid="remote-reason-text">{session.reason || t('remoteAssist.noReason')}</span>
      </Descriptions.Item>
    </Descriptions>
  );

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Card
        title={
          <Flex gap={8} align="center">
            <DesktopOutlined /> {t('remoteAssist.joinTitle')} <RemoteStatusTag session={session} />
          </Flex>
        }
      >
        <Flex vertical gap={16}>
          {facts}
          <ErrorAlert error={error} />
          {session.status === 'invited' &&
            (canShareScreen() ? (
              <Flex vertical gap={12}>
                <Typography.Paragraph>
                  {t('remoteAssist.consentText', { name: session.agent.name })}
                </Typography.Paragraph>
                <Checkbox checked={recording} onChange={(event) => setRecording(event.target.checked)}>
                  {t('remoteAssist.allowRecording')}
                </Checkbox>
                <Typography.Text type="secondary">
                  {t('remoteAssist.expiresAt', { time: formatDateTime(session.expiresAt) })}
                </Typography.Text>
                <Flex gap={8}>
                  <Button
                    type="primary"
                    loading={busy}
                    onClick={() => void consentAndShare()}
                    data-testid="remote-consent"
                  >
                    {t('remoteAssist.consent')}
                  </Button>
                  <Button onClick={() => void decline()} data-testid="remote-decline">
                    {t('remoteAssist.decline')}
                  </Button>
                </Flex>
              </Flex>
            ) : (
              <CallbackOffer sessionId={id} onDone={() => void query.refetch()} />
            ))}
          {live && !peer.current && (
            <Alert
              type="warning"
              showIcon
              title={t('remoteAssist.notSharingHere')}
              action={
                <Button type="primary" loading={busy} onClick={() => void consentAndShare()}>
                  {t('remoteAssist.shareAgain')}
                </Button>
              }
            />
          )}
          {live && peer.current && (
            <Row gutter={12}>
              <Col xs={24} lg={16}>
                <Typography.Paragraph type="secondary">
                  {t('remoteAssist.previewHelp', { name: session.agent.name })}{' '}
                  <span data-testid="remote-connection">{t(`remoteAssist.connection.${connection}`)}</span>
                </Typography.Paragraph>
                <ScreenView
                  stream={preview}
                  pointer={pointer}
                  testId="remote-preview"
                  overlay={paused ? t('remoteAssist.pausedSelf') : null}
                />
                <Flex gap={8} style={{ marginTop: 8 }}>
                  <Button
                    icon={paused ? <PlayCircleOutlined /> : <PauseOutlined />}
                    onClick={() => void togglePause()}
                    data-testid="remote-pause"
                  >
                    {paused ? t('remoteAssist.resume') : t('remoteAssist.pause')}
                  </Button>
                  <Button danger onClick={() => void end()} data-testid="remote-end">
                    {t('remoteAssist.end')}
                  </Button>
                </Flex>
              </Col>
              <Col xs={24} lg={8}>
                <ChatPanel lines={chat} onSend={sendChat} />
              </Col>
            </Row>
          )}
          {!live && session.status !== 'invited' && (
            <Result
              status="info"
              title={t(closedKey(session.status))}
              extra={<Link to={`/portal/tickets/${session.ticketId}`}>{t('remoteAssist.backToTicket')}</Link>}
              data-testid="remote-closed"
            />
          )}
        </Flex>
      </Card>
    </div>
  );
}

/** What a session that is over says: declined, expired, or ended (whatever ended it). */
function closedKey(status: string) {
  if (status === 'declined') return 'remoteAssist.closed.declined' as const;
  if (status === 'expired') return 'remoteAssist.closed.expired' as const;
  return 'remoteAssist.closed.ended' as const;
}
