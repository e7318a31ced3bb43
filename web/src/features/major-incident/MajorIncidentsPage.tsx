import { App, Button, Card, Col, Empty, Flex, Input, List, Row, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type MajorIncident,
  type MajorIncidentSummary,
  useLinkMajorIncidentTickets,
  useMajorIncident,
  useMajorIncidents,
  usePostMajorIncidentUpdate,
  useResolveMajorIncident,
} from '../../entities/sla/major-incident-api.ts';
import { useCan } from '../../entities/user/api.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { TicketPicker } from '../ticket-links/TicketPicker.tsx';
import { DeclareMajorIncidentDialog } from './DeclareMajorIncidentDialog.tsx';

const statusColor = (status: string) => (status === 'active' ? 'red' : 'green');
const statusKey = (status: string) => (status === 'active' ? 'active' : 'resolved');

/** Major incidents (MI): the list, and one incident with its linked tickets, updates and resolution. */
export default function MajorIncidentsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = Number(params.get('id')) || null;
  const incidents = useMajorIncidents();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card title={t('majorIncident.nav')} extra={<DeclareMajorIncidentDialog block={false} />}>
          <ErrorAlert error={incidents.error} />
          <Table<MajorIncidentSummary>
            rowKey="id"
            size="small"
            loading={incidents.isPending}
            dataSource={incidents.data ?? []}
            data-testid="major-incident-list"
            pagination={false}
            locale={{
              emptyText: (
                <Empty description={t('emptyStates.noMajorIncident')} data-testid="major-incident-empty" />
              ),
            }}
            onRow={(row) => ({
              onClick: () => setParams({ id: String(row.id) }),
              style: { cursor: 'pointer' },
            })}
            rowClassName={(row) => (row.id === selected ? 'ant-table-row-selected' : '')}
            columns={[
              { key: 'title', dataIndex: 'title', title: t('majorIncident.titleField') },
              {
                key: 'status',
                title: t('majorIncident.status'),
                render: (_, row) => (
                  <Tag color={statusColor(row.status)}>
                    {t(`majorIncident.statuses.${statusKey(row.status)}`)}
                  </Tag>
                ),
              },
              { key: 'tickets', dataIndex: 'tickets', title: t('majorIncident.ticketCount') },
              {
                key: 'at',
                title: t('majorIncident.declaredAt'),
                render: (_, row) => formatDateTime(row.declaredAt),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {selected ? (
          <IncidentDetail id={selected} />
        ) : (
          <Card>
            <Empty description={t('majorIncident.pick')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}

function IncidentDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const incident = useMajorIncident(id);
  // Linking, posting updates and resolving are for those the server lets manage major incidents.
  const canManage = useCan('major_incident.manage');
  if (incident.error) return <ErrorAlert error={incident.error} />;
  if (!incident.data) return <Card loading />;
  const data = incident.data;
  return (
    <Card
      title={data.title}
      extra={<Tag color={statusColor(data.status)}>{t(`majorIncident.statuses.${data.status}`)} · P1</Tag>}
      data-testid="major-incident-detail"
    >
      <Flex vertical gap={16}>
        {data.summary && <Typography.Paragraph>{data.summary}</Typography.Paragraph>}
        <Typography.Text type="secondary">
          {t('majorIncident.declaredAt')}: {formatDateTime(data.declaredAt)}
          {data.resolvedAt ? ` · ${t('majorIncident.resolvedAt')}: ${formatDateTime(data.resolvedAt)}` : ''}
        </Typography.Text>
        {data.resolution && (
          <Card size="small" title={t('majorIncident.resolution')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {data.resolution}
            </Typography.Paragraph>
          </Card>
        )}
        <LinkedTickets incident={data} canManage={canManage} />
        <Updates incident={data} canManage={canManage} />
        {data.status === 'active' && canManage && <ResolveForm incident={data} />}
      </Flex>
    </Card>
  );
}

function LinkedTickets({ incident, canManage }: { incident: MajorIncident; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [ticketId, setTicketId] = useState<number | undefined>();
  const link = useLinkMajorIncidentTickets(incident.id);
  const submit = async () => {
    if (!ticketId) return;
    try {
      await link.mutateAsync([ticketId]);
      setTicketId(undefined);
      message.success(t('majorIncident.linked'));
    } catch {
      // shown by the ErrorAlert below
    }
  };
  return (
    <Card size="small" title={t('majorIncident.tickets', { count: incident.tickets.length })}>
      <List
        size="small"
        dataSource={incident.tickets}
        data-testid="major-incident-tickets"
        renderItem={(ticket) => (
          <List.Item extra={<Tag>{t(`status.${ticket.status}`, { defaultValue: ticket.status })}</Tag>}>
            <Link to={`/agent/tickets/${ticket.id}`}>
              {formatTicketNumber(ticket.number)} {ticket.subject}
            </Link>
          </List.Item>
        )}
      />
      {incident.status === 'active' && canManage && (
        <Flex gap={8} style={{ marginTop: 8 }}>
          <div style={{ flex: 1 }}>
            <TicketPicker value={ticketId} onChange={setTicketId} />
          </div>
          <Button
            onClick={submit}
            disabled={!ticketId}
            loading={link.isPending}
            data-testid="major-incident-link"
          >
            {t('majorIncident.link')}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={link.error} style={{ marginTop: 8 }} />
    </Card>
  );
}

function Updates({ incident, canManage }: { incident: MajorIncident; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const post = usePostMajorIncidentUpdate(incident.id);
  const submit = async () => {
    try {
      const result = await post.mutateAsync(body.trim());
      setBody('');
      const last = result.updates[result.updates.length - 1];
      message.success(t('majorIncident.updatePosted', { count: last?.ticketsReached ?? 0 }));
    } catch {
      // shown by the ErrorAlert below
    }
  };
  return (
    <Card size="small" title={t('majorIncident.updates')}>
      <List
        size="small"
        dataSource={incident.updates}
        locale={{ emptyText: t('majorIncident.noUpdates') }}
        data-testid="major-incident-updates"
        renderItem={(update) => (
          <List.Item>
            <List.Item.Meta
              title={formatDateTime(update.createdAt)}
              description={t('majorIncident.reached', { count: update.ticketsReached })}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, flex: 2 }}>
              {update.body}
            </Typography.Paragraph>
          </List.Item>
        )}
      />
      {incident.status === 'active' && canManage && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Input.TextArea
            rows={3}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            placeholder={t('majorIncident.updatePlaceholder')}
            data-testid="major-incident-update-body"
          />
          <Flex justify="end">
            <Button
              type="primary"
              onClick={submit}
              disabled={!body.trim()}
              loading={post.isPending}
              data-testid="major-incident-post-update"
            >
              {t('majorIncident.postUpdate')}
            </Button>
          </Flex>
          <ErrorAlert error={post.error} />
        </Flex>
      )}
    </Card>
  );
}

function ResolveForm({ incident }: { incident: MajorIncident }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [resolution, setResolution] = useState('');
  const resolve = useResolveMajorIncident(incident.id);
  const submit = () =>
    modal.confirm({
      title: t('majorIncident.resolveConfirm', { count: incident.tickets.length }),
      okText: t('majorIncident.resolve'),
      onOk: async () => {
        try {
          await resolve.mutateAsync(resolution.trim());
          setResolution('');
          message.success(t('majorIncident.resolved'));
        } catch {
          // shown by the ErrorAlert below
        }
      },
    });
  return (
    <Card size="small" title={t('majorIncident.resolve')}>
      <Flex vertical gap={8}>
        <Input.TextArea
          rows={3}
          value={resolution}
          onChange={(event) => setResolution(event.target.value)}
          placeholder={t('majorIncident.resolutionPlaceholder')}
          data-testid="major-incident-resolution"
        />
        <Flex justify="end">
          <Button
            danger
            onClick={submit}
            disabled={!resolution.trim()}
            loading={resolve.isPending}
            data-testid="major-incident-resolve"
          >
            {t('majorIncident.resolve')}
          </Button>
        </Flex>
        <ErrorAlert error={resolve.error} />
      </Flex>
    </Card>
  );
}
