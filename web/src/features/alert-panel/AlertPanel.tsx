import { AlertOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketAlertDto } from '../../../../contracts/alerts.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useTicketAlerts } from '../../entities/alert/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const LINKS = ['generatorURL', 'dashboardURL', 'panelURL', 'silenceURL', 'imageURL', 'externalURL'] as const;

/** Only http(s) links become anchors: a monitoring system's URL is text the desk did not write. */
const safeHref = (url: string) => (/^https?:\/\//i.test(url) ? url : undefined);

function KeyValues({ values, testId }: { values: Record<string, string>; testId: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <Typography.Text type="secondary">-</Typography.Text>;
  return (
    <Flex wrap gap={4} data-testid={testId}>
      {entries.map(([key, value]) => (
        <Tag key={key} style={{ marginInlineEnd: 0, whiteSpace: 'normal', wordBreak: 'break-all' }}>
          {key}={value}
        </Tag>
      ))}
    </Flex>
  );
}

function OneAlert({ alert }: { alert: TicketAlertDto }) {
  const { t } = useTranslation();
  const links = LINKS.flatMap((key) => {
    const href = alert.links[key] ? safeHref(alert.links[key]) : undefined;
    return href ? [{ key, href }] : [];
  });
  return (
    <Flex vertical gap={8} data-testid="ticket-alert">
      <Space wrap>
        <Tag color={alert.status === 'firing' ? 'red' : 'green'} data-testid="alert-status">
          {t(`alerts.status.${alert.status}`)}
        </Tag>
        {alert.severity && <Tag>{alert.severity}</Tag>}
        <Typography.Text type="secondary">
          {alert.source.name} ({t(`alerts.kind.${alert.source.kind}`)})
        </Typography.Text>
      </Space>
      <Typography.Text strong>{alert.title}</Typography.Text>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('alerts.panel.occurrences')}>
          <span data-testid="alert-occurrences">{alert.occurrences}</span>
          {alert.flaps > 0 && (
            <Tag color="orange" style={{ marginInlineStart: 8 }} data-testid="alert-flaps">
              {t('alerts.panel.flaps', { count: alert.flaps })}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.panel.firstSeen')}>
          {formatDateTime(alert.firstSeenAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.panel.lastSeen')}>
          {formatDateTime(alert.lastSeenAt)}
        </Descriptions.Item>
        {alert.startsAt && (
          <Descriptions.Item label={t('alerts.panel.startsAt')}>
            {formatDateTime(alert.startsAt)}
          </Descriptions.Item>
        )}
        {alert.resolvedAt && (
          <Descriptions.Item label={t('alerts.panel.resolvedAt')}>
            {formatDateTime(alert.resolvedAt)}
          </Descriptions.Item>
        )}
        {alert.resolveDueAt && (
          <Descriptions.Item label={t('alerts.panel.resolveDueAt')}>
            {formatDateTime(alert.resolveDueAt)}
          </Descriptions.Item>
        )}
        {alert.fingerprint && (
          <Descriptions.Item label={t('alerts.panel.fingerprint')}>
            <Typography.Text code>{alert.fingerprint}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Text type="secondary">{t('alerts.panel.labels')}</Typography.Text>
      <KeyValues values={alert.labels} testId="alert-labels" />
      <Typography.Text type="secondary">{t('alerts.panel.annotations')}</Typography.Text>
      <KeyValues values={alert.annotations} testId="alert-annotations" />
      {links.length > 0 && (
        <Space wrap data-testid="alert-links">
          {links.map((link) => (
            <Typography.Link key={link.key} href={link.href} target="_blank" rel="noopener noreferrer">
              {t(`alerts.links.${link.key}`)}
            </Typography.Link>
          ))}
        </Space>
      )}
      {alert.events.length > 0 && (
        <Timeline
          style={{ marginTop: 8 }}
          items={alert.events.slice(0, 10).map((event) => ({
            color: event.kind === 'fired' || event.kind === 'flapped' ? 'red' : 'green',
            content: `${t(`alerts.event.${event.kind}`)} · ${formatDateTime(event.at)}`,
          }))}
        />
      )}
    </Flex>
  );
}

/** The monitoring alert behind an incident (IN-5): labels, annotations, links and occurrences. */
export function AlertPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const alerts = useTicketAlerts(ticket.id, ticket.channel === 'monitoring');
  if (ticket.channel !== 'monitoring') return null;
  const items = alerts.data ?? [];
  return (
    <Card
      size="small"
      title={
        <Space>
          <AlertOutlined />
          {t('alerts.panel.title')}
        </Space>
      }
      loading={alerts.isPending}
      data-testid="alert-panel"
    >
      <ErrorAlert error={alerts.error} />
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('alerts.panel.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={16}>
          {items.map((alert) => (
            <OneAlert key={alert.id} alert={alert} />
          ))}
        </Flex>
      )}
    </Card>
  );
}
