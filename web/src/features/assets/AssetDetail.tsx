import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  List,
  Popconfirm,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AssetDto, RELATION_KINDS, type RelationKind } from '../../../../contracts/assets.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { AssetPicker } from './AssetPicker.tsx';
import { useAddRelation, useAsset, useAssetTypes, useRemoveRelation } from './api.ts';
import { CRITICALITY_COLORS, criticalityLabel, statusLabel, typeLabel } from './labels.ts';

function Relations({ asset }: { asset: AssetDto }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const types = useAssetTypes();
  const add = useAddRelation(asset.id);
  const remove = useRemoveRelation(asset.id);
  const [kind, setKind] = useState<RelationKind>('runs_on');
  const [target, setTarget] = useState<number[]>([]);
  return (
    <Card size="small" title={t('assets.relation.title')} data-testid="asset-relations">
      <Flex vertical gap={8}>
        {asset.relations.length === 0 ? (
          <Typography.Text type="secondary">{t('assets.relation.none')}</Typography.Text>
        ) : (
          asset.relations.map((r) => (
            <Flex key={r.id} justify="space-between" align="center" wrap gap={4}>
              <span>
                <Tag>{t(`assets.relation.${r.direction}.${r.kind}`)}</Tag>
                {r.asset.name}{' '}
                <Typography.Text type="secondary">
                  {typeLabel(types.data, r.asset.type, i18n.language)}
                </Typography.Text>
              </span>
              <Popconfirm
                title={t('assets.relation.removeConfirm')}
                onConfirm={() => remove.mutate(r.id, { onError: (e) => message.error(errorText(t, e)) })}
              >
                <Button size="small" type="link" danger>
                  {t('assets.relation.remove')}
                </Button>
              </Popconfirm>
            </Flex>
          ))
        )}
        <Flex gap={8} wrap>
          <Select<RelationKind>
            value={kind}
            onChange={setKind}
            style={{ minWidth: 150 }}
            options={RELATION_KINDS.map((k) => ({ value: k, label: t(`assets.relation.kindOption.${k}`) }))}
            popupMatchSelectWidth={false}
            data-testid="relation-kind"
          />
          <div style={{ flex: 1, minWidth: 160 }}>
            <AssetPicker
              value={target}
              onChange={(ids) => setTarget(ids.slice(-1))}
              exclude={[asset.id]}
              testId="relation-target"
            />
          </div>
          <Button
            disabled={target.length === 0}
            loading={add.isPending}
            onClick={() =>
              add.mutate(
                { kind, targetId: target[0] ?? 0 },
                { onSuccess: () => setTarget([]), onError: (e) => message.error(errorText(t, e)) },
              )
            }
            data-testid="relation-add"
          >
            {t('assets.relation.add')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

/** One asset: its fields, relations both ways, tickets and replacement history, in a drawer. */
export function AssetDetail(props: {
  assetId: number | null;
  onClose: () => void;
  onEdit: (asset: AssetDto) => void;
}) {
  const { t, i18n } = useTranslation();
  const asset = useAsset(props.assetId);
  const types = useAssetTypes();
  const data = asset.data;
  const type = types.data?.find((x) => x.key === data?.type);
  const zh = i18n.language.startsWith('zh');
  return (
    <Drawer
      open={props.assetId !== null}
      onClose={props.onClose}
      title={data?.name ?? ''}
      size="large"
      styles={{ wrapper: { maxWidth: '100vw' } }}
      extra={
        data && (
          <Button onClick={() => props.onEdit(data)} data-testid="asset-edit">
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="asset-detail"
    >
      <ErrorAlert error={asset.error} />
      {data && (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('assets.field.type')}>
              {typeLabel(types.data, data.type, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('assets.field.serialNumber')}>
              {data.serialNumber ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('assets.field.location')}>{data.location ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('assets.field.owner')}>{data.owner?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('assets.field.status')}>
              {statusLabel(t, data.status)}
            </Descriptions.Item>
            <Descriptions.Item label={t('assets.field.criticality')}>
              <Tag color={CRITICALITY_COLORS[data.criticality]}>{criticalityLabel(t, data.criticality)}</Tag>
            </Descriptions.Item>
            {(type?.fields ?? [])
              .filter((f) => data.customFields[f.key] !== undefined && data.customFields[f.key] !== null)
              .map((f) => (
                <Descriptions.Item key={f.key} label={zh ? f.label['zh-CN'] : f.label.en}>
                  {String(data.customFields[f.key])}
                </Descriptions.Item>
              ))}
          </Descriptions>
          <Relations asset={data} />
          <Card size="small" title={t('assets.tickets.title')} data-testid="asset-tickets">
            {data.tickets.length === 0 ? (
              <Typography.Text type="secondary">{t('assets.tickets.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={data.tickets}
                renderItem={(ticket) => (
                  <List.Item>
                    <Link to={`/agent/tickets/${ticket.id}`}>
                      {formatTicketNumber(ticket.number)} {ticket.subject}
                    </Link>{' '}
                    <Tag>{t(`status.${ticket.status}`, { defaultValue: ticket.status })}</Tag>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card size="small" title={t('assets.replacement.title')} data-testid="asset-replacements">
            {data.replacements.length === 0 ? (
              <Typography.Text type="secondary">{t('assets.replacement.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={data.replacements}
                renderItem={(r) => (
                  <List.Item data-testid={`asset-replacement-${r.id}`}>
                    <Flex vertical gap={2}>
                      <Typography.Text strong>{r.part}</Typography.Text>
                      <Typography.Text type="secondary">
                        {[
                          r.oldSerial ? `${t('assets.replacement.oldSerial')}: ${r.oldSerial}` : null,
                          r.newSerial ? `${t('assets.replacement.newSerial')}: ${r.newSerial}` : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {formatDateTime(r.at)} · {r.actor?.name ?? ''}
                        {r.ticket && (
                          <>
                            {' · '}
                            <Link to={`/agent/tickets/${r.ticket.id}`}>
                              {formatTicketNumber(r.ticket.number)}
                            </Link>
                          </>
                        )}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}
