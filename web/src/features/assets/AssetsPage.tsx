import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  ASSET_STATUSES,
  type AssetDto,
  type AssetSummaryDto,
  CRITICALITIES,
} from '../../../../contracts/assets.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { AssetDetail } from './AssetDetail.tsx';
import { AssetForm } from './AssetForm.tsx';
import { useAssets, useAssetTypes } from './api.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { CRITICALITY_COLORS, criticalityLabel, statusLabel, typeLabel } from './labels.ts';

/** Assets and configuration items (配置项, issue 14): the list with filters, an asset's details, import. */
export default function AssetsPage() {
  const { t, i18n } = useTranslation();
  const types = useAssetTypes();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<{ type?: string; status?: string; criticality?: string }>({});
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ asset: AssetDto | null } | null>(null);
  const list = useAssets({ q: q.trim() || undefined, ...filters, page, pageSize: 20 });
  const openId = Number(params.get('id')) || null;
  const open = (id: number | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id === null) next.delete('id');
      else next.set('id', String(id));
      return next;
    });
  const filter = (key: 'type' | 'status' | 'criticality') => (value: string | undefined) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };

  return (
    <Card>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('assets.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <ImportDialog />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ asset: null })}
            data-testid="asset-new"
          >
            {t('assets.new')}
          </Button>
        </Flex>
      </Flex>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('assets.hint')}</Typography.Text>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('assets.search')}
            onSearch={(value) => {
              setQ(value);
              setPage(1);
            }}
            style={{ flex: '1 1 220px', maxWidth: 360 }}
            data-testid="asset-search"
          />
          <Select
            allowClear
            placeholder={t('assets.allTypes')}
            value={filters.type}
            onChange={filter('type')}
            style={{ minWidth: 130 }}
            options={(types.data ?? []).map((x) => ({
              value: x.key,
              label: typeLabel(types.data, x.key, i18n.language),
            }))}
            data-testid="asset-filter-type"
          />
          <Select
            allowClear
            placeholder={t('assets.allStatuses')}
            value={filters.status}
            onChange={filter('status')}
            style={{ minWidth: 120 }}
            options={ASSET_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            data-testid="asset-filter-status"
          />
          <Select
            allowClear
            placeholder={t('assets.allCriticalities')}
            value={filters.criticality}
            onChange={filter('criticality')}
            style={{ minWidth: 120 }}
            options={CRITICALITIES.map((c) => ({ value: c, label: criticalityLabel(t, c) }))}
            data-testid="asset-filter-criticality"
          />
        </Flex>
        <ErrorAlert error={list.error} />
        <Table<AssetSummaryDto>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('assets.empty') }}
          onRow={(asset) => ({ onClick: () => open(asset.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showTotal: (total) => t('assets.total', { count: total }),
            showSizeChanger: false,
          }}
          data-testid="asset-table"
          columns={[
            {
              key: 'name',
              title: t('assets.field.name'),
              render: (_, a) => <Typography.Link data-testid={`asset-row-${a.id}`}>{a.name}</Typography.Link>,
            },
            {
              key: 'type',
              title: t('assets.field.type'),
              render: (_, a) => typeLabel(types.data, a.type, i18n.language),
            },
            { key: 'serial', title: t('assets.field.serialNumber'), render: (_, a) => a.serialNumber ?? '—' },
            { key: 'owner', title: t('assets.field.owner'), render: (_, a) => a.owner?.name ?? '—' },
            { key: 'location', title: t('assets.field.location'), render: (_, a) => a.location ?? '—' },
            { key: 'status', title: t('assets.field.status'), render: (_, a) => statusLabel(t, a.status) },
            {
              key: 'criticality',
              title: t('assets.field.criticality'),
              render: (_, a) => (
                <Tag color={CRITICALITY_COLORS[a.criticality]}>{criticalityLabel(t, a.criticality)}</Tag>
              ),
            },
            {
              key: 'updated',
              title: t('assets.field.updatedAt'),
              render: (_, a) => formatDateTime(a.updatedAt),
            },
          ]}
        />
      </Flex>
      <AssetDetail assetId={openId} onClose={() => open(null)} onEdit={(asset) => setEditing({ asset })} />
      <AssetForm
        open={editing !== null}
        asset={editing?.asset ?? null}
        onClose={(saved) => {
          setEditing(null);
          if (saved) open(saved.id);
        }}
      />
    </Card>
  );
}
