import { BookOutlined, DeleteOutlined, LinkOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProblemDetailDto } from '../../../../contracts/problems.ts';
import { PriorityTag, StatusTag } from '../../entities/ticket/tags.tsx';
import { useCan } from '../../entities/user/api.ts';
import { formatTicketNumber } from '../../shared/lib/format.ts';
import { errorText } from '../../shared/ui/errors.ts';
import {
  useAssetSearch,
  useIncidentSearch,
  useLinkTickets,
  usePublishKnownError,
  useUnlinkTicket,
  useUpdateProblem,
} from './api.ts';

// The problem page's cards: the known error, the linked incidents, the affected assets.

export function KnownErrorCard({ problem }: { problem: ProblemDetailDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canPublish = useCan('kb.publish');
  const publish = usePublishKnownError(problem.id);
  const open = ['new', 'investigating', 'known_error'].includes(problem.status);
  return (
    <Card size="small" title={t('problems.mgmt.knownError')}>
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('problems.mgmt.knownErrorHint')}</Typography.Text>
        {problem.knownErrorArticleId !== null && (
          <Link to={`/agent/kb/${problem.knownErrorArticleId}`} data-testid="problem-article-link">
            <BookOutlined /> {t('problems.mgmt.article', { id: problem.knownErrorArticleId })}
          </Link>
        )}
        {canPublish && open && (
          <Button
            icon={<BookOutlined />}
            loading={publish.isPending}
            onClick={() =>
              publish.mutate(undefined, {
                onSuccess: (result) =>
                  message.success(
                    result.created
                      ? t('problems.mgmt.knownErrorCreated')
                      : t('problems.mgmt.knownErrorUpdated'),
                  ),
                onError: (error) => message.error(errorText(t, error)),
              })
            }
            data-testid="problem-known-error"
          >
            {problem.knownErrorArticleId === null
              ? t('problems.mgmt.publishKnownError')
              : t('problems.mgmt.updateKnownError')}
          </Button>
        )}
        {!canPublish && <Typography.Text type="secondary">{t('problems.mgmt.needsPublish')}</Typography.Text>}
      </Flex>
    </Card>
  );
}

export function IncidentsCard({ problem }: { problem: ProblemDetailDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  const search = useIncidentSearch(q);
  const link = useLinkTickets(problem.id);
  const unlink = useUnlinkTicket(problem.id);
  const closed = problem.status === 'closed';
  const linked = new Set(problem.incidents.map((i) => i.id));
  return (
    <Card size="small" title={t('problems.mgmt.incidents', { count: problem.incidents.length })}>
      <Flex vertical gap={8}>
        {!closed && (
          <Flex gap={8} wrap>
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={setQ}
              value={picked}
              onChange={setPicked}
              style={{ flex: 1, minWidth: 180 }}
              placeholder={t('problems.mgmt.findIncident')}
              notFoundContent={q ? t('problems.mgmt.noIncident') : null}
              options={(search.data ?? [])
                .filter((ticket) => !linked.has(ticket.id))
                .map((ticket) => ({
                  value: ticket.id,
                  label: `${formatTicketNumber(ticket.number)} ${ticket.subject}`,
                }))}
              data-testid="problem-incident-pick"
            />
            <Button
              icon={<LinkOutlined />}
              disabled={picked.length === 0}
              loading={link.isPending}
              onClick={() =>
                link.mutate(picked, {
                  onSuccess: () => setPicked([]),
                  onError: (error) => message.error(errorText(t, error)),
                })
              }
              data-testid="problem-incident-link"
            >
              {t('problems.mgmt.link')}
            </Button>
          </Flex>
        )}
        <List
          size="small"
          dataSource={problem.incidents}
          locale={{ emptyText: t('problems.mgmt.noIncidents') }}
          renderItem={(incident) => (
            <List.Item
              data-testid="problem-incident"
              actions={
                closed
                  ? []
                  : [
                      <Popconfirm
                        key="unlink"
                        title={t('problems.mgmt.unlinkConfirm')}
                        onConfirm={() =>
                          unlink.mutate(incident.id, {
                            onError: (error) => message.error(errorText(t, error)),
                          })
                        }
                      >
                        <Button
                          size="small"
                          type="text"
                          icon={<DeleteOutlined />}
                          aria-label={t('problems.mgmt.unlink')}
                          data-testid="problem-incident-unlink"
                        />
                      </Popconfirm>,
                    ]
              }
            >
              <Space size={4} wrap>
                <Link to={`/agent/tickets/${incident.id}`}>
                  {formatTicketNumber(incident.number)} {incident.subject}
                </Link>
                <StatusTag status={incident.status} />
                <PriorityTag priority={incident.priority} />
                {incident.requesterName && (
                  <Typography.Text type="secondary">{incident.requesterName}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Flex>
    </Card>
  );
}

export function AssetsCard({ problem }: { problem: ProblemDetailDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const search = useAssetSearch(q);
  const update = useUpdateProblem(problem.id);
  const known = new Map(problem.assets.map((a) => [a.id, a.name]));
  for (const a of search.data ?? []) known.set(a.id, a.name);
  return (
    <Card size="small" title={t('problems.mgmt.assets')}>
      <Flex vertical gap={8}>
        <Select
          mode="multiple"
          showSearch
          filterOption={false}
          onSearch={setQ}
          disabled={problem.status === 'closed'}
          value={problem.assetIds}
          loading={update.isPending}
          onChange={(assetIds: number[]) =>
            update.mutate({ assetIds }, { onError: (error) => message.error(errorText(t, error)) })
          }
          placeholder={t('problems.mgmt.findAsset')}
          options={[...known].map(([value, label]) => ({ value, label }))}
          data-testid="problem-assets"
        />
        {problem.assets.map((asset) => (
          <Space key={asset.id} size={4} wrap>
            <Typography.Text>{asset.name}</Typography.Text>
            <Tag color={asset.criticality === 'critical' || asset.criticality === 'high' ? 'red' : 'default'}>
              {t(`problems.mgmt.criticality.${asset.criticality as 'low' | 'medium' | 'high' | 'critical'}`)}
            </Tag>
          </Space>
        ))}
      </Flex>
    </Card>
  );
}
