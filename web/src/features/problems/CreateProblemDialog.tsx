import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Priority } from '../../../../contracts/tickets.ts';
import { errorText } from '../../shared/ui/errors.ts';
import { useCreateProblem } from './api.ts';

type Values = { title: string; description?: string; priority: Priority };

/** "Create problem": by hand, or from a ticket (its id linked, its subject as the title). */
export function CreateProblemDialog(props: {
  ticketIds?: number[];
  defaultTitle?: string;
  buttonType?: 'primary' | 'default';
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateProblem();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const submit = (values: Values) =>
    create.mutate(
      { ...values, ...(props.ticketIds?.length ? { ticketIds: props.ticketIds } : {}) },
      {
        onSuccess: (problem) => {
          setOpen(false);
          form.resetFields();
          message.success(t('problems.mgmt.created'));
          navigate(`/agent/problem-management/${problem.id}`);
        },
        onError: (error) => message.error(errorText(t, error)),
      },
    );
  return (
    <>
      <Button
        type={props.buttonType ?? 'primary'}
        icon={<PlusOutlined />}
        onClick={() => setOpen(true)}
        data-testid={props.testId ?? 'problem-create'}
      >
        {t('problems.mgmt.create')}
      </Button>
      <Modal
        open={open}
        title={t('problems.mgmt.create')}
        okText={t('problems.mgmt.createOk')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'problem-create-ok' } as Record<string, string>}
      >
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ title: props.defaultTitle ?? '', priority: 'P3' }}
          onFinish={submit}
        >
          <Form.Item
            name="title"
            label={t('problems.mgmt.field.title')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input data-testid="problem-title-input" />
          </Form.Item>
          <Form.Item name="description" label={t('problems.mgmt.field.description')}>
            <Input.TextArea rows={3} data-testid="problem-description-input" />
          </Form.Item>
          <Form.Item name="priority" label={t('problems.mgmt.field.priority')}>
            <Select options={(['P1', 'P2', 'P3', 'P4'] as const).map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
