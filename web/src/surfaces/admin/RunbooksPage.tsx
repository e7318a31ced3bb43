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
import type { ApproverRule } from '../../../../contracts/approvals.ts';
import {
  RUNBOOK_METHODS,
  RUNBOOK_VARIABLES,
  type RunbookDto,
  type RunbookSuccess,
} from '../../../../contracts/runbooks.ts';
import { ApproverPicker, ApproverRulePicker } from '../../features/approvals/ApproverPicker.tsx';
import { useDeleteRunbook, useRunbooks, useSaveRunbook } from '../../features/runbooks/api.ts';
import { isApiError } from '../../shared/api/client.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';

interface RunbookForm {
  name: string;
  description: string;
  method: RunbookDto['method'];
  url: string;
  headers: string;
  bodyFormat: RunbookDto['bodyFormat'];
  bodyTemplate: string;
  secret?: string;
  timeoutSeconds: number;
  maxAttempts: number;
  statusLow: number;
  statusHigh: number;
  jsonPath?: string;
  equals?: string;
  contains?: string;
  requiresApproval: boolean;
  approverIds: number[];
  approverRules: ApproverRule[];
  approvalMode: RunbookDto['approvalMode'];
  active: boolean;
}

const FORM_FIELDS: Record<string, keyof RunbookForm> = {
  name: 'name',
  description: 'description',
  method: 'method',
  url: 'url',
  headers: 'headers',
  bodyFormat: 'bodyFormat',
  bodyTemplate: 'bodyTemplate',
  secret: 'secret',
  timeoutSeconds: 'timeoutSeconds',
  maxAttempts: 'maxAttempts',
  'success.status': 'statusLow',
  'success.jsonPath': 'jsonPath',
  'success.equals': 'equals',
  'success.contains': 'contains',
  approverIds: 'approverIds',
  approverRules: 'approverRules',
  approvalMode: 'approvalMode',
};

/** `Name: value`, one a line, to a header map; null when a line is not a header. */
function parseHeaders(text: string): Record<string, string> | null {
  const headers: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `true`, `42`, `null` or `"ok"` as JSON; other text as a string. */
function parseEquals(text: string | undefined): RunbookSuccess['equals'] {
  const value = text?.trim();
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || ['string', 'number', 'boolean'].includes(typeof parsed))
      return parsed as RunbookSuccess['equals'];
  } catch {
    // plain text
  }
  return value;
}

/** Runbooks (issue 13): named, signed HTTP calls that agents and rules run on a ticket. */
export default function RunbooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const runbooks = useRunbooks();
  const save = useSaveRunbook();
  const remove = useDeleteRunbook();
  const [editing, setEditing] = useState<RunbookDto | 'new' | null>(null);
  const [form] = Form.useForm<RunbookForm>();
  const requiresApproval = Form.useWatch('requiresApproval', form);
  const method = Form.useWatch('method', form);

  const open = (runbook: RunbookDto | 'new') => {
    setEditing(runbook);
    form.resetFields();
    const r = runbook === 'new' ? null : runbook;
    form.setFieldsValue({
      name: r?.name ?? '',
      description: r?.description ?? '',
      method: r?.method ?? 'POST',
      url: r?.url ?? 'https://',
      headers: Object.entries(r?.headers ?? {})
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
      bodyFormat: r?.bodyFormat ?? 'json',
      bodyTemplate: r?.bodyTemplate ?? '{"ticket": {{ticket.number}}, "subject": "{{ticket.subject}}"}',
      secret: '',
      timeoutSeconds: r?.timeoutSeconds ?? 10,
      maxAttempts: r?.maxAttempts ?? 3,
      statusLow: r?.success.status[0] ?? 200,
      statusHigh: r?.success.status[1] ?? 299,
      jsonPath: r?.success.jsonPath ?? '',
      equals: r?.success.equals === undefined ? '' : JSON.stringify(r.success.equals),
      contains: r?.success.contains ?? '',
      requiresApproval: r?.requiresApproval ?? false,
      approverIds: r?.approverIds ?? [],
      approverRules: r?.approverRules ?? [],
      approvalMode: r?.approvalMode ?? 'any',
      active: r?.active ?? true,
    });
  };

  const submit = (values: RunbookForm) => {
    const headers = parseHeaders(values.headers ?? '');
    if (!headers) {
      form.setFields([{ name: 'headers', errors: [t('runbooks.form.headersInvalid')] }]);
      return;
    }
    const success: RunbookSuccess = {
      status: [values.statusLow, values.statusHigh],
      ...(values.jsonPath?.trim() ? { jsonPath: values.jsonPath.trim() } : {}),
      ...(parseEquals(values.equals) !== undefined ? { equals: parseEquals(values.equals) } : {}),
      ...(values.contains ? { contains: values.contains } : {}),
    };
    const input = {
      name: values.name,
      description: values.description ?? '',
      method: values.method,
      url: values.url,
      headers,
      bodyFormat: values.bodyFormat,
      bodyTemplate: values.method === 'GET' ? '' : (values.bodyTemplate ?? ''),
      timeoutSeconds: values.timeoutSeconds,
      maxAttempts: values.maxAttempts,
      success,
      requiresApproval: values.requiresApproval,
      approverIds: values.requiresApproval ? (values.approverIds ?? []) : [],
      approverRules: values.requiresApproval ? (values.approverRules ?? []) : [],
      approvalMode: values.approvalMode,
      active: values.active,
      ...(values.secret ? { secret: values.secret } : {}),
    };
    save.mutate(
      { id: editing === 'new' || editing === null ? null : editing.id, input: input as never },
      {
        onSuccess: () => {
          setEditing(null);
          message.success(t('runbooks.saved'));
        },
        onError: (error) => {
          const field =
            isApiError(error) && error.field
              ? (FORM_FIELDS[error.field.split('.').slice(0, 2).join('.')] ??
                FORM_FIELDS[error.field.split('.')[0] ?? ''])
              : undefined;
          if (field) form.setFields([{ name: field, errors: [errorText(t, error)] }]);
          message.error(errorText(t, error));
        },
      },
    );
  };

  return (
    <Card
      title={t('runbooks.admin.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="runbook-new">
          {t('runbooks.admin.create')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('runbooks.admin.hint')}
        </Typography.Paragraph>
        <ErrorAlert error={runbooks.error} />
        <Table<RunbookDto>
          rowKey="id"
          size="small"
          loading={runbooks.isPending}
          dataSource={runbooks.data ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="runbooks"
          columns={[
            { title: t('runbooks.form.name'), dataIndex: 'name' },
            {
              title: t('runbooks.form.url'),
              key: 'target',
              responsive: ['md'],
              render: (_, r) => (
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {r.method} {r.url}
                </Typography.Text>
              ),
            },
            {
              title: t('runbooks.admin.state'),
              key: 'state',
              render: (_, r) => (
                <Space wrap size={4}>
                  {r.active ? (
                    <Tag color="green">{t('runbooks.admin.active')}</Tag>
                  ) : (
                    <Tag>{t('runbooks.admin.inactive')}</Tag>
                  )}
                  {r.requiresApproval && <Tag color="gold">{t('runbooks.admin.approval')}</Tag>}
                  {r.secretSet && <Tag>{t('runbooks.admin.signed')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('runbooks.admin.updated'),
              dataIndex: 'updatedAt',
              responsive: ['lg'],
              render: (at: string) => formatDateTime(at),
            },
            {
              title: '',
              key: 'actions',
              render: (_, r) => (
                <Space wrap>
                  <Button size="small" onClick={() => open(r)} data-testid={`runbook-edit-${r.id}`}>
                    {t('runbooks.admin.edit')}
                  </Button>
                  <Popconfirm
                    title={t('runbooks.admin.deleteConfirm')}
                    onConfirm={() =>
                      remove.mutate(r.id, { onError: (error) => message.error(errorText(t, error)) })
                    }
                  >
                    <Button size="small" danger>
                      {t('runbooks.admin.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('runbooks.admin.create') : t('runbooks.admin.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'runbook-save' } as never}
        confirmLoading={save.isPending}
        width={720}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} data-testid="runbook-form">
          <Form.Item name="name" label={t('runbooks.form.name')} rules={[{ required: true, max: 120 }]}>
            <Input data-testid="runbook-name" />
          </Form.Item>
          <Form.Item name="description" label={t('runbooks.form.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="method" noStyle>
              <Select style={{ width: 110 }} options={RUNBOOK_METHODS.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
            <Form.Item name="url" noStyle rules={[{ required: true }]}>
              <Input placeholder="https://ops.example.com/hooks/restart" data-testid="runbook-url" />
            </Form.Item>
          </Space.Compact>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
            {t('runbooks.form.urlHint')}
          </Typography.Paragraph>
          <Form.Item name="headers" label={t('runbooks.form.headers')} extra={t('runbooks.form.headersHint')}>
            <Input.TextArea rows={2} placeholder="X-Team: ops" />
          </Form.Item>
          {method !== 'GET' && (
            <>
              <Form.Item name="bodyFormat" label={t('runbooks.form.bodyFormat')}>
                <Select
                  options={[
                    { value: 'json', label: 'JSON' },
                    { value: 'text', label: t('runbooks.form.text') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="bodyTemplate"
                label={t('runbooks.form.body')}
                extra={t('runbooks.form.variables', {
                  list: RUNBOOK_VARIABLES.map((v) => `{{${v}}}`).join(' '),
                })}
              >
                <Input.TextArea rows={5} style={{ fontFamily: 'monospace' }} data-testid="runbook-body" />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="secret"
            label={t('runbooks.form.secret')}
            extra={
              editing !== 'new' && editing?.secretSet
                ? t('runbooks.form.secretKept')
                : t('runbooks.form.secretHint')
            }
            rules={[{ required: editing === 'new', min: 16, max: 256 }]}
          >
            <Input.Password autoComplete="new-password" data-testid="runbook-secret" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="timeoutSeconds" label={t('runbooks.form.timeout')}>
              <InputNumber min={1} max={120} />
            </Form.Item>
            <Form.Item name="maxAttempts" label={t('runbooks.form.maxAttempts')}>
              <InputNumber min={1} max={10} />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{t('runbooks.form.success')}</Typography.Title>
          <Space wrap>
            <Form.Item name="statusLow" label={t('runbooks.form.statusLow')}>
              <InputNumber min={100} max={599} />
            </Form.Item>
            <Form.Item name="statusHigh" label={t('runbooks.form.statusHigh')}>
              <InputNumber min={100} max={599} />
            </Form.Item>
            <Form.Item name="jsonPath" label={t('runbooks.form.jsonPath')}>
              <Input placeholder="$.ok" />
            </Form.Item>
            <Form.Item name="equals" label={t('runbooks.form.equals')}>
              <Input placeholder="true" />
            </Form.Item>
            <Form.Item name="contains" label={t('runbooks.form.contains')}>
              <Input />
            </Form.Item>
          </Space>
          <Space wrap align="end">
            <Form.Item
              name="requiresApproval"
              label={t('runbooks.form.requiresApproval')}
              valuePropName="checked"
            >
              <Switch data-testid="runbook-approval" />
            </Form.Item>
            <Form.Item name="active" label={t('runbooks.form.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          {requiresApproval && (
            <>
              <Form.Item name="approverIds" label={t('runbooks.form.approvers')}>
                <ApproverPicker staffOnly testId="runbook-approvers" />
              </Form.Item>
              <Form.Item
                name="approverRules"
                label={t('approvals.rule.rulesLabel')}
                extra={t('approvals.rule.rulesHelp')}
              >
                <ApproverRulePicker testId="runbook-approver-rules" />
              </Form.Item>
              <Form.Item name="approvalMode" label={t('runbooks.form.approvalMode')}>
                <Select
                  options={(['any', 'all', 'sequence'] as const).map((mode) => ({
                    value: mode,
                    label: t(`runbooks.mode.${mode}`),
                  }))}
                />
              </Form.Item>
            </>
          )}
          <Alert type="info" showIcon title={t('runbooks.form.safety')} />
        </Form>
      </Modal>
    </Card>
  );
}
