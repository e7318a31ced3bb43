import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizations } from '../../entities/organization/api.ts';
import { type Policy, usePolicies } from '../../entities/sla/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { SimulateDialog } from './SimulateDialog.tsx';

/** SLA policies in the order they are tried; the first that matches a ticket governs it. */
export default function PoliciesPage() {
  const { t } = useTranslation();
  const policies = usePolicies();
  const organizations = useOrganizations();
  const organizationName = (id: number) => organizations.data?.find((org) => org.id === id)?.name ?? `#${id}`;
  const [selected, setSelected] = useState<number | 'new' | null>(null);
  const current =
    typeof selected === 'number' ? (policies.data ?? []).find((p) => p.id === selected) : undefined;
  const matchText = (policy: Policy) => {
    const parts = [
      ...(policy.match.priority ?? []),
      ...(policy.match.type ?? []).map((type) => t(`type.${type}`)),
      ...(policy.match.category ?? []),
      ...(policy.match.organizationId ?? []).map(organizationName),
    ];
    return parts.length ? parts.join(' · ') : t('slaAdmin.matchAll');
  };
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('slaAdmin.policies')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setSelected('new')} data-testid="policy-new">
            {t('slaAdmin.newPolicy')}
          </Button>
        }
      >
        <ErrorAlert error={policies.error} />
        <Table<Policy>
          rowKey="id"
          size="small"
          pagination={false}
          loading={policies.isPending}
          dataSource={policies.data ?? []}
          data-testid="policy-list"
          columns={[
            { key: 'order', dataIndex: 'order', title: t('slaAdmin.order'), width: 80 },
            {
              key: 'name',
              title: t('slaAdmin.name'),
              render: (_, policy) => (
                <Button type="link" onClick={() => setSelected(policy.id)} style={{ padding: 0 }}>
                  {policy.name}
                </Button>
              ),
            },
            {
              key: 'active',
              title: t('slaAdmin.active'),
              render: (_, policy) =>
                policy.active ? (
                  <Tag color="green">{t('slaAdmin.inForce')}</Tag>
                ) : (
                  <Tag>{t('slaAdmin.draft')}</Tag>
                ),
            },
            { key: 'match', title: t('slaAdmin.match'), render: (_, policy) => matchText(policy) },
            {
              key: 'calendar',
              title: t('sla.calendar'),
              render: (_, policy) => policy.calendarName ?? t('sla.roundTheClock'),
            },
            { key: 'simulate', title: '', render: (_, policy) => <SimulateDialog policy={policy} /> },
          ]}
        />
      </Card>
      {selected !== null && (selected === 'new' || current) && (
        <PolicyEditor policy={current ?? null} onSaved={(saved) => setSelected(saved.id)} />
      )}
    </Flex>
  );
}
