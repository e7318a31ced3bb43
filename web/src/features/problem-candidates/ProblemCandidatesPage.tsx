import { CheckOutlined, CloseOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ProblemCandidateDto } from '../../../../contracts/triage.ts';
import { SharedFieldTags } from '../../entities/ticket/SharedFieldTags.tsx';
import { StatusTag } from '../../entities/ticket/tags.tsx';
import { api, itemsOf } from '../../shared/api/client.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { useCreateProblem } from '../problems/api.ts';

type Status = ProblemCandidateDto['status'];
const STATUS_COLOR: Record<Status, string> = { proposed: 'gold', accepted: 'green', dismissed: 'default' };
const KEY = ['triage', 'problem-candidates'] as const;

/**
 * 问题候选: recurring similar incidents found by triage, with the fields their tickets share
 * (error codes, hosts, versions, category, organisation); a lead accepts or dismisses each.
 */
export default function ProblemCandidatesPage({ embedded = false }: { embedded?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const createProblem = useCreateProblem();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<Status | 'all'>('proposed');
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) =>
      api.get(itemsOf(ProblemCandidateDto), '/triage/problem-candidates', undefined, signal),
  });
  const decide = useMutation({
    mutationFn: ({ id, status }: { id: number; status: 'accepted' | 'dismissed' }) =>
      api.patch<void>(`/triage/problem-candidates/${id}`, { status }),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEY }),
    onError: (error) => message.error(errorText(t, error)),
  });
  const items = (list.data?.items ?? []).filter((c) => filter === 'all' || c.status === filter);

  return (
    <Flex vertical gap={16}>
      {!embedded && (
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('problems.title')}
        </Typography.Title>
      )}
      <Typography.Text type="secondary">{t('problems.hint')}</Typography.Text>
      <Segmented<Status | 'all'>
        value={filter}
        onChange={setFilter}
        options={(['proposed', 'accepted', 'dismissed', 'all'] as const).map((value) => ({
          value,
          label: t(`problems.status.${value}`),
        }))}
      />
      {list.error && <ErrorAlert error={list.error} />}
      {!list.isLoading && items.length === 0 && <Empty description={t('problems.empty')} />}
      {items.map((candidate) => (
        <Card
          key={candidate.id}
          size="small"
          data-testid="problem-candidate"
          title={
            <Space wrap>
              <span>{candidate.title}</span>
              <Tag color={STATUS_COLOR[candidate.status]}>{t(`problems.status.${candidate.status}`)}</Tag>
              <Typography.Text type="secondary">
                {t('problems.count', { count: candidate.tickets.length })} ·{' '}
                {formatDateTime(candidate.createdAt)}
              </Typography.Text>
            </Space>
          }
          extra={
            candidate.status === 'proposed' && (
              <Space wrap>
                <Button
                  size="small"
                  type="primary"
                  icon={<NodeIndexOutlined />}
                  loading={createProblem.isPending}
                  onClick={() =>
                    createProblem.mutate(
                      { candidateId: candidate.id },
                      {
                        onSuccess: (problem) => navigate(`/agent/problem-management/${problem.id}`),
                        onError: (error) => message.error(errorText(t, error)),
                      },
                    )
                  }
                  data-testid="candidate-create-problem"
                >
                  {t('problems.mgmt.create')}
                </Button>
                <Button
                  size="small"
                  icon={<CheckOutlined />}
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ id: candidate.id, status: 'accepted' })}
                  data-testid="problem-accept"
                >
                  {t('problems.accept')}
                </Button>
                <Button
                  size="small"
                  icon={<CloseOutlined />}
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ id: candidate.id, status: 'dismissed' })}
                  data-testid="problem-dismiss"
                >
                  {t('problems.dismiss')}
                </Button>
              </Space>
            )
          }
        >
          {Object.values(candidate.sharedFields).some((values) => values.length) ? (
            <SharedFieldTags fields={candidate.sharedFields} testId="problem-shared-fields" />
          ) : (
            <Typography.Text type="secondary" data-testid="problem-shared-none">
              {t('problems.sharedNone')}
            </Typography.Text>
          )}
          <List
            size="small"
            dataSource={candidate.tickets}
            renderItem={(ticket) => (
              <List.Item>
                <Space size={4} wrap>
                  <Link to={`/agent/tickets/${ticket.id}`}>
                    {formatTicketNumber(ticket.number)} {ticket.subject}
                  </Link>
                  <StatusTag status={ticket.status} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Flex>
  );
}
