import {
  App,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NpsCampaignDto } from '../../../../contracts/surveys.ts';
import {
  useCloseNpsCampaign,
  useCreateNpsCampaign,
  useNpsCampaign,
  useNpsCampaigns,
} from '../../entities/feedback/api.ts';
import { useOrganizations } from '../../entities/organization/api.ts';
import { useUsers } from '../../entities/user/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

type NewCampaign = {
  name: string;
  question?: string;
  userIds?: number[];
  organizationIds?: number[];
  expiresInDays: number;
};

function CampaignDetail({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useNpsCampaign(id);
  const close = useCloseNpsCampaign();
  const c = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={c?.name}>
      <ErrorAlert error={detail.error ?? close.error} />
      {c && (
        <Flex vertical gap={16}>
          <Flex gap={24} wrap>
            <Statistic title={t('feedback.nps.score')} value={c.result.score ?? '—'} />
            <Statistic title={t('feedback.nps.promoters')} value={c.result.promoters} />
            <Statistic title={t('feedback.nps.passives')} value={c.result.passives} />
            <Statistic title={t('feedback.nps.detractors')} value={c.result.detractors} />
            <Statistic title={t('feedback.nps.responses')} value={`${c.result.responses} / ${c.invited}`} />
          </Flex>
          {c.status === 'open' && (
            <Button
              danger
              onClick={() => close.mutate(c.id)}
              loading={close.isPending}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('feedback.nps.close')}
            </Button>
          )}
          <Table
            rowKey="userId"
            size="small"
            dataSource={c.responses}
            columns={[
              {
                title: t('feedback.followups.requester'),
                render: (_, r) => `${r.name}${r.organization ? ` (${r.organization})` : ''}`,
              },
              {
                title: t('feedback.nps.score'),
                dataIndex: 'score',
                render: (s: number) => <Tag color={s >= 9 ? 'green' : s >= 7 ? 'gold' : 'red'}>{s}</Tag>,
              },
              {
                title: t('feedback.nps.reason'),
                dataIndex: 'reason',
                render: (r: string | null) => r ?? '—',
              },
              {
                title: t('feedback.followups.created'),
                dataIndex: 'respondedAt',
                render: (v: string) => formatDateTime(v),
              },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  );
}

/** NPS campaigns (FB-2): send to chosen requesters or organisations; promoters, passives, detractors and the score. */
export default function NpsCampaignsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [form] = Form.useForm<NewCampaign>();
  const campaigns = useNpsCampaigns();
  const create = useCreateNpsCampaign();
  const requesters = useUsers({ role: 'requester' }, creating);
  const organizations = useOrganizations(creating);
  const submit = async (values: NewCampaign) => {
    const created = await create.mutateAsync({
      name: values.name,
      ...(values.question?.trim() ? { question: values.question.trim() } : {}),
      userIds: values.userIds ?? [],
      organizationIds: values.organizationIds ?? [],
      expiresInDays: values.expiresInDays,
    });
    message.success(t('feedback.nps.created', { count: created.invited }));
    setCreating(false);
    form.resetFields();
  };
  return (
    <Card
      title={t('feedback.nps.title')}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('feedback.nps.new')}
        </Button>
      }
    >
      <ErrorAlert error={campaigns.error} />
      <Table<NpsCampaignDto>
        rowKey="id"
        size="small"
        loading={campaigns.isPending}
        dataSource={campaigns.data?.items ?? []}
        onRow={(c) => ({ onClick: () => setSelected(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('feedback.nps.name'), dataIndex: 'name' },
          { title: t('feedback.nps.score'), render: (_, c) => c.result.score ?? '—' },
          { title: t('feedback.nps.promoters'), render: (_, c) => c.result.promoters },
          { title: t('feedback.nps.passives'), render: (_, c) => c.result.passives },
          { title: t('feedback.nps.detractors'), render: (_, c) => c.result.detractors },
          { title: t('feedback.nps.responses'), render: (_, c) => `${c.result.responses} / ${c.invited}` },
          { title: '', render: (_, c) => <Tag>{t(`feedback.nps.status.${c.status}`)}</Tag> },
          {
            title: t('feedback.followups.created'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('feedback.nps.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('feedback.nps.create')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ expiresInDays: 30 }}>
          <Form.Item
            name="name"
            label={t('feedback.nps.name')}
            rules={[{ required: true, whitespace: true, message: t('feedback.resolve.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="question" label={t('feedback.nps.question')}>
            <Input placeholder={t('feedback.nps.defaultQuestion')} maxLength={500} />
          </Form.Item>
          <Form.Item name="organizationIds" label={t('feedback.nps.organizations')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
          <Form.Item name="userIds" label={t('feedback.nps.requesters')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              loading={requesters.isPending}
              options={(requesters.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
            />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('feedback.nps.expiresInDays')}>
            <InputNumber min={1} max={90} />
          </Form.Item>
        </Form>
      </Modal>
      <CampaignDetail id={selected} onClose={() => setSelected(null)} />
    </Card>
  );
}
