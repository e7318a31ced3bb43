import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedResponseDto } from '../../../../contracts/channels.ts';
import { useCannedResponses, useDeleteCanned, useSaveCanned } from '../../entities/channel/api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { useCan, useMe } from '../../entities/user/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

interface CannedForm {
  title: string;
  body: string;
  locale: 'zh-CN' | 'en' | null;
  teamId: number | null;
}

/** Canned responses (快捷回复): personal, or shared with a team; variables are filled per ticket. */
export default function CannedResponsesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canManageOthers = useCan('ticket.assign');
  const canned = useCannedResponses();
  const teams = useTeams();
  const save = useSaveCanned();
  const remove = useDeleteCanned();
  const [editing, setEditing] = useState<CannedResponseDto | 'new' | null>(null);
  const [form] = Form.useForm<CannedForm>();
  const myTeams = (teams.data ?? []).filter(
    (team) => me.data?.role === 'admin' || me.data?.teamIds.includes(team.id),
  );
  const open = (item: CannedResponseDto | 'new') => {
    setEditing(item);
    form.resetFields();
    form.setFieldsValue(
      item === 'new'
        ? { teamId: null, locale: null }
        : { title: item.title, body: item.body, locale: item.locale, teamId: item.teamId },
    );
  };
  return (
    <Card
      title={t('canned.title')}
      extra={
        <Button type="primary" onClick={() => open('new')}>
          {t('canned.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('canned.hint')}</Typography.Paragraph>
      <ErrorAlert error={remove.error} />
      <Table<CannedResponseDto>
        rowKey="id"
        size="small"
        dataSource={canned.data ?? []}
        loading={canned.isLoading}
        columns={[
          { title: t('canned.name'), dataIndex: 'title' },
          {
            title: t('canned.scope'),
            dataIndex: 'teamId',
            render: (v: number | null) =>
              v ? (
                <Tag color="blue">{teams.data?.find((team) => team.id === v)?.name ?? v}</Tag>
              ) : (
                <Tag>{t('canned.personal')}</Tag>
              ),
          },
          {
            title: t('shell.canned.language'),
            dataIndex: 'locale',
            render: (v: 'zh-CN' | 'en' | null) =>
              v ? t(v === 'en' ? 'lang.en' : 'lang.zh') : t('shell.canned.anyLanguage'),
          },
          { title: t('canned.body'), dataIndex: 'body', ellipsis: true },
          {
            title: t('common.actions'),
            key: 'a',
            // Someone else's response is changed only with ticket.assign (leads, admins): others are not offered it.
            render: (_, row) =>
              row.ownerId !== me.data?.id && !canManageOthers ? null : (
                <Space>
                  <Button size="small" onClick={() => open(row)}>
                    {t('common.edit')}
                  </Button>
                  <Popconfirm title={t('common.delete')} onConfirm={() => remove.mutate(row.id)}>
                    <Button size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('canned.add') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
      >
        <ErrorAlert error={save.error} style={{ marginBottom: 8 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            save.mutate(
              { ...(editing !== 'new' && editing ? { id: editing.id } : {}), body: values },
              { onSuccess: () => setEditing(null) },
            )
          }
        >
          <Form.Item name="title" label={t('canned.name')} rules={[{ required: true, max: 120 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('canned.body')}
            extra={t('canned.variablesHint')}
            rules={[{ required: true }]}
          >
            <Input.TextArea rows={6} />
          </Form.Item>
          <Form.Item name="locale" label={t('shell.canned.language')} extra={t('shell.canned.languageHint')}>
            <Select
              options={[
                { value: null, label: t('shell.canned.anyLanguage') },
                { value: 'zh-CN', label: t('lang.zh') },
                { value: 'en', label: t('lang.en') },
              ]}
              data-testid="canned-locale"
            />
          </Form.Item>
          <Form.Item name="teamId" label={t('canned.scope')}>
            <Select
              options={[
                { value: null, label: t('canned.personal') },
                ...myTeams.map((team) => ({ value: team.id, label: team.name })),
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
