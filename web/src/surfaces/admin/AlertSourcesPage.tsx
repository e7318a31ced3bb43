import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AlertSourceDto,
  AlertSourceKind,
  AlertSourceSettings,
  AlertSourceWithToken,
  SeverityTarget,
} from '../../../../contracts/alerts.ts';
import {
  useAlertSources,
  useCreateAlertSource,
  useDeactivateAlertSource,
  useRotateAlertSourceToken,
  useUpdateAlertSource,
} from '../../entities/alert/api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';

const KINDS: AlertSourceKind[] = ['alertmanager', 'grafana', 'zabbix', 'generic'];

interface SourceForm {
  name: string;
  kind: AlertSourceKind;
  dedupeBy: AlertSourceSettings['dedupeBy'];
  resolveAfterSeconds: number;
  flapWindowSeconds: number;
  storm: boolean;
  stormCount: number;
  stormMinutes: number;
  severityLabel: string;
  severityMap: string;
  categoryLabel: string;
  defaultCategory?: string;
  defaultTeamId?: number | null;
  mapping?: string;
  assetLabels: string[];
}

/** `critical=P1` or `major=high/medium`, one a line, to the severity map. */
function parseSeverityMap(text: string): Record<string, SeverityTarget> | null {
  const map: Record<string, SeverityTarget> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [key, value] = line.split('=').map((s) => s.trim());
    if (!key || !value) return null;
    if (/^P[1-4]$/.test(value)) map[key] = value as SeverityTarget;
    else {
      const [impact, urgency] = value.split('/');
      const level = (v: string | undefined) => (v === 'high' || v === 'medium' || v === 'low' ? v : null);
      const i = level(impact);
      const u = level(urgency);
      if (!i || !u) return null;
      map[key] = { impact: i, urgency: u };
    }
  }
  return map;
}

const severityText = (map: Record<string, SeverityTarget>) =>
  Object.entries(map)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : `${v.impact}/${v.urgency}`}`)
    .join('\n');

/** Monitoring systems that open incidents (IN-5): their ingest URL, token and behaviour. */
export default function AlertSourcesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sources = useAlertSources();
  const teams = useTeams();
  const create = useCreateAlertSource();
  const update = useUpdateAlertSource();
  const rotate = useRotateAlertSourceToken();
  const deactivate = useDeactivateAlertSource();
  const [editing, setEditing] = useState<AlertSourceDto | 'new' | null>(null);
  const [revealed, setRevealed] = useState<AlertSourceWithToken | null>(null);
  const [form] = Form.useForm<SourceForm>();
  const kind = Form.useWatch('kind', form);
  const storm = Form.useWatch('storm', form);

  const open = (source: AlertSourceDto | 'new') => {
    setEditing(source);
    form.resetFields();
    const s = source === 'new' ? null : source.settings;
    form.setFieldsValue({
      name: source === 'new' ? '' : source.name,
      kind: source === 'new' ? 'alertmanager' : source.kind,
      dedupeBy: s?.dedupeBy ?? 'fingerprint',
      resolveAfterSeconds: s?.resolveAfterSeconds ?? 0,
      flapWindowSeconds: s?.flapWindowSeconds ?? 3600,
      storm: s ? s.stormThreshold !== null : true,
      stormCount: s?.stormThreshold?.count ?? 20,
      stormMinutes: s?.stormThreshold?.minutes ?? 5,
      severityLabel: s?.severityLabel ?? 'severity',
      severityMap: s ? severityText(s.severityMap) : '',
      categoryLabel: s?.categoryLabel ?? 'category',
      defaultCategory: s?.defaultCategory ?? '',
      defaultTeamId: s?.defaultTeamId ?? null,
      mapping: s?.mapping ? JSON.stringify(s.mapping, null, 2) : '',
      assetLabels: s?.assetLabels ?? ['asset', 'asset_serial', 'instance', 'host'],
    });
  };

  const submit = (values: SourceForm) => {
    const severityMap = parseSeverityMap(values.severityMap ?? '');
    if (!severityMap) {
      form.setFields([{ name: 'severityMap', errors: [t('alerts.form.severityMapInvalid')] }]);
      return;
    }
    let mapping: unknown = null;
    if (values.kind === 'generic' || values.mapping?.trim()) {
      try {
        mapping = values.mapping?.trim() ? JSON.parse(values.mapping) : null;
      } catch {
        form.setFields([{ name: 'mapping', errors: [t('alerts.form.mappingInvalid')] }]);
        return;
      }
    }
    const settings = {
      dedupeBy: values.dedupeBy,
      resolveAfterSeconds: values.resolveAfterSeconds,
      flapWindowSeconds: values.flapWindowSeconds,
      stormThreshold: values.storm ? { count: values.stormCount, minutes: values.stormMinutes } : null,
      severityLabel: values.severityLabel,
      severityMap,
      categoryLabel: values.categoryLabel,
      defaultCategory: values.defaultCategory?.trim() || null,
      defaultTeamId: values.defaultTeamId ?? null,
      mapping: mapping as AlertSourceSettings['mapping'],
      assetLabels: (values.assetLabels ?? []).map((label) => label.trim()).filter(Boolean),
    };
    const onError = (error: unknown) => message.error(errorText(t, error));
    if (editing === 'new') {
      create.mutate(
        { name: values.name, kind: values.kind, ...settings },
        {
          onSuccess: (created) => {
            setEditing(null);
            setRevealed(created);
          },
          onError,
        },
      );
    } else if (editing) {
      update.mutate(
        { id: editing.id, input: { name: values.name, ...settings } },
        {
          onSuccess: () => {
            setEditing(null);
            message.success(t('alerts.saved'));
          },
          onError,
        },
      );
    }
  };

  return (
    <Card
      title={t('alerts.admin.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => open('new')}
          data-testid="alert-source-new"
        >
          {t('alerts.admin.create')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('alerts.admin.hint')}
        </Typography.Paragraph>
        <ErrorAlert error={sources.error} />
        {revealed && (
          <Alert
            type="warning"
            showIcon
            closable={{ onClose: () => setRevealed(null) }}
            title={t('alerts.admin.showOnce', { name: revealed.name })}
            data-testid="alert-source-secret"
            description={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <span>
                  {t('alerts.admin.ingestUrl')}:{' '}
                  <Typography.Text code copyable data-testid="alert-source-url">
                    {revealed.ingestUrl}
                  </Typography.Text>
                </span>
                <span>
                  {t('alerts.admin.token')}:{' '}
                  <Typography.Text
                    code
                    copyable
                    style={{ wordBreak: 'break-all' }}
                    data-testid="alert-source-token"
                  >
                    {revealed.token}
                  </Typography.Text>
                </span>
                <Typography.Text type="secondary">{t('alerts.admin.headerHint')}</Typography.Text>
              </Space>
            }
          />
        )}
        <Table<AlertSourceDto>
          rowKey="id"
          size="small"
          loading={sources.isPending}
          dataSource={sources.data ?? []}
          pagination={false}
          data-testid="alert-sources"
          columns={[
            { title: t('alerts.form.name'), dataIndex: 'name' },
            {
              title: t('alerts.form.kind'),
              dataIndex: 'kind',
              render: (k: AlertSourceKind) => t(`alerts.kind.${k}`),
            },
            {
              title: t('alerts.admin.state'),
              dataIndex: 'active',
              render: (active: boolean) =>
                active ? (
                  <Tag color="green">{t('alerts.admin.active')}</Tag>
                ) : (
                  <Tag>{t('alerts.admin.inactive')}</Tag>
                ),
            },
            {
              title: t('alerts.admin.ingestUrl'),
              dataIndex: 'ingestUrl',
              render: (url: string) => (
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {url}
                </Typography.Text>
              ),
            },
            {
              title: t('alerts.admin.lastReceived'),
              dataIndex: 'lastReceivedAt',
              render: (at: string | null) => (at ? formatDateTime(at) : '-'),
            },
            {
              title: '',
              key: 'actions',
              render: (_, source) => (
                <Space wrap>
                  <Button size="small" onClick={() => open(source)}>
                    {t('alerts.admin.edit')}
                  </Button>
                  <Popconfirm
                    title={t('alerts.admin.rotateConfirm')}
                    onConfirm={() =>
                      rotate.mutate(source.id, {
                        onSuccess: (rotated) => setRevealed(rotated),
                        onError: (error) => message.error(errorText(t, error)),
                      })
                    }
                  >
                    <Button size="small">{t('alerts.admin.rotate')}</Button>
                  </Popconfirm>
                  {source.active ? (
                    <Popconfirm
                      title={t('alerts.admin.deactivateConfirm')}
                      onConfirm={() =>
                        deactivate.mutate(source.id, {
                          onError: (error) => message.error(errorText(t, error)),
                        })
                      }
                    >
                      <Button size="small" danger>
                        {t('alerts.admin.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      onClick={() =>
                        update.mutate(
                          { id: source.id, input: { active: true } },
                          { onError: (error) => message.error(errorText(t, error)) },
                        )
                      }
                    >
                      {t('alerts.admin.activate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('alerts.admin.create') : t('alerts.admin.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending || update.isPending}
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} data-testid="alert-source-form">
          <Form.Item name="name" label={t('alerts.form.name')} rules={[{ required: true, max: 120 }]}>
            <Input data-testid="alert-source-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('alerts.form.kind')}>
            <Select
              disabled={editing !== 'new'}
              options={KINDS.map((k) => ({ value: k, label: t(`alerts.kind.${k}`) }))}
              data-testid="alert-source-kind"
            />
          </Form.Item>
          <Form.Item name="dedupeBy" label={t('alerts.form.dedupeBy')}>
            <Select
              options={[
                { value: 'fingerprint', label: t('alerts.form.dedupe.fingerprint') },
                { value: 'groupKey', label: t('alerts.form.dedupe.groupKey') },
              ]}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item name="resolveAfterSeconds" label={t('alerts.form.resolveAfterSeconds')}>
              <InputNumber min={0} max={86400} />
            </Form.Item>
            <Form.Item name="flapWindowSeconds" label={t('alerts.form.flapWindowSeconds')}>
              <InputNumber min={0} max={604800} />
            </Form.Item>
          </Space>
          <Space wrap align="end">
            <Form.Item name="storm" label={t('alerts.form.storm')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="stormCount" label={t('alerts.form.stormCount')}>
              <InputNumber min={2} max={100000} disabled={!storm} />
            </Form.Item>
            <Form.Item name="stormMinutes" label={t('alerts.form.stormMinutes')}>
              <InputNumber min={1} max={1440} disabled={!storm} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item
              name="severityLabel"
              label={t('alerts.form.severityLabel')}
              rules={[{ required: true }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="categoryLabel"
              label={t('alerts.form.categoryLabel')}
              rules={[{ required: true }]}
            >
              <Input />
            </Form.Item>
          </Space>
          <Form.Item
            name="severityMap"
            label={t('alerts.form.severityMap')}
            extra={t('alerts.form.severityMapHint')}
          >
            <Input.TextArea rows={3} placeholder={'critical=P1\nmajor=high/medium'} />
          </Form.Item>
          <Form.Item name="defaultCategory" label={t('alerts.form.defaultCategory')}>
            <Input placeholder={t('alerts.form.defaultCategoryPlaceholder')} />
          </Form.Item>
          <Form.Item name="assetLabels" label={t('assets.alertLabels')} extra={t('assets.alertLabelsHint')}>
            <Select
              mode="tags"
              tokenSeparators={[',', ' ']}
              open={false}
              data-testid="alert-source-asset-labels"
            />
          </Form.Item>
          <Form.Item name="defaultTeamId" label={t('alerts.form.defaultTeam')}>
            <Select
              allowClear
              options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            />
          </Form.Item>
          {kind === 'generic' && (
            <Form.Item
              name="mapping"
              label={t('alerts.form.mapping')}
              extra={t('alerts.form.mappingHint')}
              rules={[{ required: true }]}
            >
              <Input.TextArea
                rows={8}
                placeholder={
                  '{\n  "alerts": "$.checks",\n  "dedupeKey": "id",\n  "title": "name",\n  "status": "state",\n  "resolvedValues": ["up"]\n}'
                }
                data-testid="alert-source-mapping"
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
