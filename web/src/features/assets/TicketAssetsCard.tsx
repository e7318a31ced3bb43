import { DatabaseOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useUpdateTicket } from '../../entities/ticket/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText, markFieldError } from '../../shared/ui/errors.ts';
import { AssetPicker } from './AssetPicker.tsx';
import { assetKeys, useAssetParts, useAssetTypes, useRecordReplacement } from './api.ts';
import { CRITICALITY_COLORS, criticalityLabel, typeLabel } from './labels.ts';

type ReplacementValues = {
  assetId: number;
  part: string;
  partStockId?: number;
  oldSerial?: string;
  newSerial?: string;
};

/** Records a spare-part replacement (备件更换) for one of the ticket's assets. */
function ReplacementDialog({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ReplacementValues>();
  const parts = useAssetParts(open);
  const record = useRecordReplacement();
  const assets = ticket.assets ?? [];
  const submit = async (values: ReplacementValues) => {
    try {
      await record.mutateAsync({
        assetId: values.assetId,
        input: {
          part: values.part,
          oldSerial: values.oldSerial?.trim() || null,
          newSerial: values.newSerial?.trim() || null,
          ticketId: ticket.id,
          partStockId: values.partStockId ?? null,
        },
      });
      message.success(t('assets.replacement.recorded'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      if (!markFieldError(form, t, error, ['part', 'partStockId', 'oldSerial', 'newSerial']))
        message.error(errorText(t, error));
    }
  };
  return (
    <>
      <Button
        icon={<SwapOutlined />}
        onClick={() => {
          form.setFieldsValue({ assetId: assets[0]?.id });
          setOpen(true);
        }}
        data-testid="replacement-open"
      >
        {t('assets.replacement.record')}
      </Button>
      <Modal
        open={open}
        title={t('assets.replacement.record')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'replacement-save' }}
        confirmLoading={record.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={record.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="assetId" label={t('assets.replacement.asset')} rules={[{ required: true }]}>
            <Select
              options={assets.map((a) => ({ value: a.id, label: a.name }))}
              data-testid="replacement-asset"
            />
          </Form.Item>
          <Form.Item
            name="partStockId"
            label={t('assets.replacement.stock')}
            extra={t('assets.replacement.stockHint')}
          >
            <Select
              allowClear
              loading={parts.isPending}
              options={(parts.data ?? []).map((p) => ({
                value: p.id,
                label: `${p.name} (${t('assets.replacement.stockLeft', { count: p.quantity })})`,
                disabled: p.quantity <= 0,
              }))}
              onChange={(id) => {
                const part = parts.data?.find((p) => p.id === id);
                if (part) form.setFieldValue('part', part.name);
              }}
              data-testid="replacement-stock"
            />
          </Form.Item>
          <Form.Item
            name="part"
            label={t('assets.replacement.part')}
            rules={[{ required: true, whitespace: true, message: t('assets.replacement.partRequired') }]}
          >
            <Input maxLength={200} data-testid="replacement-part" />
          </Form.Item>
          <Form.Item name="oldSerial" label={t('assets.replacement.oldSerial')}>
            <Input maxLength={100} data-testid="replacement-old-serial" />
          </Form.Item>
          <Form.Item name="newSerial" label={t('assets.replacement.newSerial')}>
            <Input maxLength={100} data-testid="replacement-new-serial" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** On the agent's ticket page: the assets (配置项) the ticket is about; link, unlink, record a replacement. */
export function TicketAssetsCard({ ticket }: { ticket: TicketDto }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const types = useAssetTypes();
  const update = useUpdateTicket(ticket.id);
  const [picked, setPicked] = useState<number[]>([]);
  const linked = ticket.assets ?? [];
  const save = (assetIds: number[], done: string) =>
    update.mutate(
      { assetIds },
      {
        onSuccess: () => {
          setPicked([]);
          message.success(done);
          client.invalidateQueries({ queryKey: assetKeys.all });
        },
        onError: (error) => message.error(errorText(t, error)),
      },
    );
  return (
    <Card
      size="small"
      title={
        <span>
          <DatabaseOutlined /> {t('assets.ticketCard.title')}
        </span>
      }
      data-testid="ticket-assets-card"
    >
      <Flex vertical gap={8}>
        {linked.length === 0 ? (
          <Typography.Text type="secondary">{t('assets.ticketCard.none')}</Typography.Text>
        ) : (
          <Flex vertical gap={4} data-testid="ticket-assets">
            {linked.map((asset) => (
              <Flex key={asset.id} justify="space-between" align="center" gap={8} wrap>
                <span>
                  <Link to={`/agent/assets?id=${asset.id}`} data-testid={`ticket-asset-${asset.id}`}>
                    {asset.name}
                  </Link>{' '}
                  <Typography.Text type="secondary">
                    {typeLabel(types.data, asset.type, i18n.language)}
                  </Typography.Text>{' '}
                  <Tag color={CRITICALITY_COLORS[asset.criticality]}>
                    {criticalityLabel(t, asset.criticality)}
                  </Tag>
                </span>
                <Popconfirm
                  title={t('assets.ticketCard.unlink')}
                  onConfirm={() =>
                    save(
                      linked.filter((a) => a.id !== asset.id).map((a) => a.id),
                      t('assets.ticketCard.unlinked'),
                    )
                  }
                >
                  <Button size="small" type="link" danger data-testid={`ticket-asset-unlink-${asset.id}`}>
                    {t('assets.ticketCard.unlink')}
                  </Button>
                </Popconfirm>
              </Flex>
            ))}
          </Flex>
        )}
        <Flex gap={8}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <AssetPicker
              value={picked}
              onChange={setPicked}
              exclude={linked.map((a) => a.id)}
              testId="ticket-asset-picker"
            />
          </div>
          <Button
            type="primary"
            disabled={picked.length === 0}
            loading={update.isPending}
            onClick={() => save([...linked.map((a) => a.id), ...picked], t('assets.ticketCard.linked'))}
            data-testid="ticket-asset-link"
          >
            {t('assets.ticketCard.link')}
          </Button>
        </Flex>
        {linked.length > 0 && <ReplacementDialog ticket={ticket} />}
      </Flex>
    </Card>
  );
}
