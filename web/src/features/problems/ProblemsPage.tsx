import { Card, Flex, Input, List, Segmented, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PROBLEM_STATUSES, type ProblemStatus } from '../../../../contracts/problems.ts';
import { PriorityTag } from '../../entities/ticket/tags.tsx';
import { useCan } from '../../entities/user/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import ProblemCandidatesPage from '../problem-candidates/ProblemCandidatesPage.tsx';
import { useProblems } from './api.ts';
import { CreateProblemDialog } from './CreateProblemDialog.tsx';
import { ProblemStatusTag } from './labels.tsx';

/** 问题管理: the problems, by status and words; a lead also sees the recurring-incident candidates. */
export default function ProblemsPage() {
  const { t } = useTranslation();
  const canCandidates = useCan('problem.read');
  const [status, setStatus] = useState<ProblemStatus | 'all'>('all');
  const [q, setQ] = useState('');
  const list = useProblems({ ...(status === 'all' ? {} : { status }), q });
  const problemsTab = (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between">
        <Input.Search
          allowClear
          placeholder={t('problems.mgmt.search')}
          onSearch={setQ}
          style={{ maxWidth: 320 }}
          data-testid="problem-search"
        />
        <CreateProblemDialog />
      </Flex>
      <div style={{ overflowX: 'auto' }}>
        <Segmented<ProblemStatus | 'all'>
          value={status}
          onChange={setStatus}
          options={(['all', ...PROBLEM_STATUSES] as const).map((value) => ({
            value,
            label: value === 'all' ? t('problems.mgmt.all') : t(`problems.mgmt.status.${value}`),
          }))}
          data-testid="problem-status-filter"
        />
      </div>
      <ErrorAlert error={list.error} />
      <List
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('problems.mgmt.empty') }}
        renderItem={(problem) => (
          <List.Item data-testid="problem-row">
            <List.Item.Meta
              title={
                <Space wrap size={6}>
                  <Link to={`/agent/problem-management/${problem.id}`}>
                    PRB-{problem.id} {problem.title}
                  </Link>
                  <ProblemStatusTag status={problem.status} />
                  <PriorityTag priority={problem.priority} />
                </Space>
              }
              description={
                <Typography.Text type="secondary">
                  {t('problems.mgmt.incidents', { count: problem.ticketCount })} ·{' '}
                  {problem.owner ? `${problem.owner.name} · ` : ''}
                  {formatDateTime(problem.createdAt)}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Flex>
  );
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('problems.mgmt.title')}
      </Typography.Title>
      {canCandidates ? (
        <Tabs
          items={[
            { key: 'problems', label: t('problems.mgmt.tab'), children: problemsTab },
            {
              key: 'candidates',
              label: <span data-testid="problem-candidates-tab">{t('problems.nav')}</span>,
              children: <ProblemCandidatesPage embedded />,
            },
          ]}
        />
      ) : (
        <Card size="small">{problemsTab}</Card>
      )}
    </Flex>
  );
}
