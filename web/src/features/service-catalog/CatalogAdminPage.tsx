import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CatalogItemDto, FIELD_TYPES } from '../../../../contracts/catalog.ts';
import { useTeams } from '../../entities/team/api.ts';
import { isApiError } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { ApproverPicker, ApproverRulePicker } from '../approvals/ApproverPicker.tsx';
import { useCatalogItems, useSaveCatalogItem } from './api.ts';
import { type EditorValues, editorFieldPath, toEditorValues, toItemInput } from './editor-values.ts';
import { localized } from './text.ts';

function FieldsEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<EditorValues>();
  const fields = (Form.useWatch('fields', form) ?? []) as EditorValues['fields'];
  return (
    <Form.List name="fields">
      {(list, { add, remove }) => (
        <Flex vertical gap={8}>
          {list.map(({ key, name }) => {
            const type = fields[name]?.type;
            const earlier = fields
              .slice(0, name)
              .map((f) => f?.key)
              .filter(Boolean);
            return (
              <Card
                key={key}
                size="small"
                data-testid={`catalog-editor-field-${name}`}
                title={`${name + 1}. ${fields[name]?.key ?? ''}`}
                extra={
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(name)}
                    aria-label={t('catalog.admin.remove')}
                  />
                }
              >
                <Row gutter={8}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={[name, 'key']}
                      label={t('catalog.admin.fieldKey')}
                      rules={[
                        {
                          required: true,
                          pattern: /^[a-z][a-z0-9_]{0,59}$/,
                          message: t('catalog.admin.fieldKeyHint'),
                        },
                      ]}
                    >
                      <Input data-testid={`field-key-${name}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={8}>
                    <Form.Item
                      name={[name, 'labelZh']}
                      label={t('catalog.admin.labelZh')}
                      rules={[{ required: true, whitespace: true }]}
                    >
                      <Input data-testid={`field-label-zh-${name}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={8}>
                    <Form.Item
                      name={[name, 'labelEn']}
                      label={t('catalog.admin.labelEn')}
                      rules={[{ required: true, whitespace: true }]}
                    >
                      <Input data-testid={`field-label-en-${name}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={16} md={8}>
                    <Form.Item
                      name={[name, 'type']}
                      label={t('catalog.admin.fieldType')}
                      rules={[{ required: true }]}
                    >
                      <Select
                        data-testid={`field-type-${name}`}
                        options={FIELD_TYPES.map((value) => ({
                          value,
                          label: t(`catalog.fieldType.${value}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[name, 'required']} valuePropName="checked" label=" ">
                      <Checkbox data-testid={`field-required-${name}`}>
                        {t('catalog.admin.required')}
                      </Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={[name, 'showIfKey']} label={t('catalog.admin.showIf')}>
                      <Select
                        allowClear
                        data-testid={`field-showif-${name}`}
                        options={earlier.map((k) => ({ value: k, label: k }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={[name, 'showIfEquals']} label={t('catalog.admin.equals')}>
                      <Input data-testid={`field-showif-equals-${name}`} />
                    </Form.Item>
                  </Col>
                  {(type === 'select' || type === 'multiselect') && (
                    <Col span={24}>
                      <Form.Item
                        name={[name, 'options']}
                        label={t('catalog.admin.options')}
                        extra={t('catalog.admin.optionsHint')}
                      >
                        <Input.TextArea autoSize={{ minRows: 2 }} data-testid={`field-options-${name}`} />
                      </Form.Item>
                    </Col>
                  )}
                </Row>
              </Card>
            );
          })}
          <Button
            icon={<PlusOutlined />}
            onClick={() => add({ type: 'text', required: false })}
            data-testid="catalog-add-field"
          >
            {t('catalog.admin.addField')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function TasksEditor() {
  const { t } = useTranslation();
  const teams = useTeams();
  return (
    <Form.List name="tasks">
      {(list, { add, remove }) => (
        <Flex vertical gap={8}>
          {list.map(({ key, name }) => (
            <Flex key={key} gap={8} align="start" wrap>
              <Form.Item
                name={[name, 'title']}
                rules={[{ required: true, whitespace: true }]}
                style={{ flex: '1 1 200px', margin: 0 }}
              >
                <Input placeholder={t('catalog.admin.taskTitle')} data-testid={`task-title-${name}`} />
              </Form.Item>
              <Form.Item
                name={[name, 'teamId']}
                rules={[{ required: true }]}
                style={{ flex: '1 1 160px', margin: 0 }}
              >
                <Select
                  placeholder={t('catalog.admin.taskTeam')}
                  data-testid={`task-team-${name}`}
                  options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
                />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => remove(name)}
                aria-label={t('catalog.admin.remove')}
              />
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add()} data-testid="catalog-add-task">
            {t('catalog.admin.addTask')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function ItemEditor({
  item,
  items,
  onDone,
}: {
  item: CatalogItemDto | null;
  items: CatalogItemDto[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<EditorValues>();
  const save = useSaveCatalogItem();
  const approvalOn = Form.useWatch('approvalOn', form);
  const submit = (values: EditorValues) =>
    save.mutate(
      { id: item?.id ?? null, input: toItemInput(values) },
      {
        onSuccess: onDone,
        onError: (error) => {
          const path = editorFieldPath(isApiError(error) ? error.field : undefined);
          if (path) form.setFields([{ name: path as never, errors: [errorText(t, error)] }]);
        },
      },
    );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={toEditorValues(item)}
      onFinish={submit}
      data-testid="catalog-editor"
    >
      <Row gutter={8}>
        <Col xs={24} md={12}>
          <Form.Item
            name="nameZh"
            label={t('catalog.admin.nameZh')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="catalog-name-zh" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="nameEn"
            label={t('catalog.admin.nameEn')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="catalog-name-en" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="descriptionZh" label={t('catalog.admin.descriptionZh')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="descriptionEn" label={t('catalog.admin.descriptionEn')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="parentId" label={t('catalog.admin.parent')}>
            <Select
              allowClear
              options={items
                .filter((i) => i.id !== item?.id)
                .map((i) => ({ value: i.id, label: localized(i.name, i18n.language) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="published" label={t('catalog.admin.published')} valuePropName="checked">
            <Switch data-testid="catalog-published" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('catalog.admin.form')}</Divider>
      <FieldsEditor />
      <Divider titlePlacement="start">{t('catalog.admin.approval')}</Divider>
      <Form.Item name="approvalOn" valuePropName="checked">
        <Switch data-testid="catalog-approval-on" />
      </Form.Item>
      {approvalOn && (
        <Row gutter={8}>
          <Col xs={24} md={16}>
            <Form.Item name="approverIds" label={t('catalog.admin.approvers')}>
              <ApproverPicker testId="catalog-approvers" />
            </Form.Item>
            <Form.Item
              name="approverRules"
              label={t('approvals.rule.rulesLabel')}
              extra={t('approvals.rule.rulesHelp')}
            >
              <ApproverRulePicker testId="catalog-approver-rules" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="approvalMode" label={t('catalog.admin.mode')} initialValue="any">
              <Select
                options={(['any', 'all', 'sequence'] as const).map((m) => ({
                  value: m,
                  label: t(`catalog.mode.${m}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Divider titlePlacement="start">{t('catalog.admin.tasks')}</Divider>
      <Form.Item name="taskOrder">
        <Radio.Group
          options={[
            { value: 'sequential', label: t('catalog.admin.sequential') },
            { value: 'parallel', label: t('catalog.admin.parallel') },
          ]}
        />
      </Form.Item>
      <TasksEditor />
      <Divider titlePlacement="start">{t('catalog.admin.standard')}</Divider>
      <Form.Item name="guide" label={t('catalog.admin.guide')}>
        <Input.TextArea autoSize={{ minRows: 3 }} data-testid="catalog-guide" />
      </Form.Item>
      <Row gutter={8}>
        <Col xs={12}>
          <Form.Item name="articleId" label={t('catalog.admin.articleId')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="slaPolicyId" label={t('catalog.admin.slaPolicyId')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="catalog-save">
        {t('catalog.admin.save')}
      </Button>
    </Form>
  );
}

/** The catalog's administration: the items, and the editor of one (form, approval, tasks, guide). */
export default function CatalogAdminPage() {
  const { t, i18n } = useTranslation();
  const items = useCatalogItems(true);
  const [editing, setEditing] = useState<CatalogItemDto | null | 'new'>(null);
  const list = items.data ?? [];
  const nameOf = (id: number | null) => {
    const found = list.find((i) => i.id === id);
    return found ? localized(found.name, i18n.language) : '';
  };
  return (
    <Card
      title={t('catalog.admin.menu')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="catalog-new"
        >
          {t('catalog.admin.new')}
        </Button>
      }
    >
      <ErrorAlert error={items.error} />
      <Table<CatalogItemDto>
        rowKey="id"
        size="small"
        loading={items.isPending}
        dataSource={list}
        scroll={{ x: 'max-content' }}
        pagination={false}
        data-testid="catalog-items"
        onRow={(record) => ({ onClick: () => setEditing(record), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'name', title: t('catalog.admin.name'), render: (_, r) => localized(r.name, i18n.language) },
          { key: 'parent', title: t('catalog.admin.parent'), render: (_, r) => nameOf(r.parentId) },
          { key: 'fields', title: t('catalog.admin.form'), render: (_, r) => r.form.length },
          { key: 'tasks', title: t('catalog.admin.tasks'), render: (_, r) => r.tasks.length },
          {
            key: 'state',
            title: t('catalog.admin.published'),
            render: (_, r) => (
              <>
                {r.published ? (
                  <Tag color="green">{t('catalog.admin.live')}</Tag>
                ) : (
                  <Tag>{t('catalog.admin.draft')}</Tag>
                )}
                {r.approval && <Tag color="gold">{t('catalog.admin.approval')}</Tag>}
              </>
            ),
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="large"
        destroyOnHidden
        title={
          editing === 'new' ? t('catalog.admin.new') : editing ? localized(editing.name, i18n.language) : ''
        }
        styles={{ wrapper: { maxWidth: '100vw' } }}
      >
        {editing !== null && (
          <ItemEditor
            item={editing === 'new' ? null : editing}
            items={list}
            onDone={() => setEditing(null)}
          />
        )}
      </Drawer>
    </Card>
  );
}
