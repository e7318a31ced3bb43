import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  CHANGE_STATUSES,
  CHANGE_TYPES,
  type ChangeStatus,
  type ChangeSummaryDto,
  type ChangeType,
} from '../../../../contracts/changes.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useChanges } from './api.ts';
import { ChangeRiskTag, ChangeStatusTag, ChangeTypeTag } from './ChangeTags.tsx';

/** 变更管理: every change, newest first, filtered by status and type. */
export default function ChangesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ChangeStatus | undefined>();
  const [type, setType] = useState<ChangeType | undefined>();
  const changes = useChanges({ status, type });
  return (
    <Card
      title={t('changes.title')}
      extra={
        <Flex gap={8} wrap>
          <Link to="/agent/changes/calendar">
            <Button icon={<CalendarOutlined />} data-testid="changes-calendar-link">
              {t('changes.calendar.title')}
            </Button>
          </Link>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/agent/changes/new')}
            data-testid="change-new"
          >
            {t('changes.new')}
          </Button>
        </Flex>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<ChangeStatus>
          allowClear
          placeholder={t('changes.field.status')}
          style={{ minWidth: 140 }}
          value={status}
          onChange={setStatus}
          options={CHANGE_STATUSES.map((s) => ({ value: s, label: t(`changes.status.${s}`) }))}
          data-testid="changes-filter-status"
        />
        <Select<ChangeType>
          allowClear
          placeholder={t('changes.field.type')}
          style={{ minWidth: 140 }}
          value={type}
          onChange={setType}
          options={CHANGE_TYPES.map((s) => ({ value: s, label: t(`changes.type.${s}`) }))}
        />
      </Flex>
      <ErrorAlert error={changes.error} />
      <Table<ChangeSummaryDto>
        rowKey="id"
        size="small"
        loading={changes.isPending}
        dataSource={changes.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="changes-table"
        onRow={(row) => ({
          onClick: () => navigate(`/agent/changes/${row.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { key: 'id', title: '#', render: (_, row) => row.id, width: 64 },
          {
            key: 'title',
            title: t('changes.field.title'),
            render: (_, row) => (
              <Link to={`/agent/changes/${row.id}`} data-testid="change-row-link">
                {row.title}
              </Link>
            ),
          },
          {
            key: 'type',
            title: t('changes.field.type'),
            render: (_, row) => <ChangeTypeTag type={row.type} />,
          },
          {
            key: 'status',
            title: t('changes.field.status'),
            render: (_, row) => (
              <>
                <ChangeStatusTag status={row.status} />
                {row.reviewRequired && <Tag color="magenta">{t('changes.reviewRequired')}</Tag>}
              </>
            ),
          },
          {
            key: 'risk',
            title: t('changes.field.risk'),
            render: (_, row) => <ChangeRiskTag risk={row.risk} />,
          },
          {
            key: 'window',
            title: t('changes.field.window'),
            render: (_, row) => `${formatDateTime(row.plannedStart)} – ${formatDateTime(row.plannedEnd)}`,
          },
          { key: 'owner', title: t('changes.field.owner'), render: (_, row) => row.owner?.name ?? '—' },
        ]}
      />
    </Card>
  );
}
