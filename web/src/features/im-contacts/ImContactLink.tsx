import { Button, Form, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImContacts, useLinkImContact } from '../../entities/channel/api.ts';
import { useMe } from '../../entities/user/api.ts';
import { isStaff } from '../../entities/user/roles.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PersonSelect } from './PersonSelect.tsx';

/** The address of a requester the desk made for an unknown IM sender (server: contactEmail). */
const IM_CONTACT_DOMAIN = '@im-contacts.invalid';

/**
 * Beside a ticket's requester, for staff: when the requester is an IM contact the desk made,
 * says so and lets the agent link the platform account to the person it is.
 */
export function ImContactLink({ requester }: { requester: { id: number; email: string } }) {
  const { t } = useTranslation();
  const me = useMe();
  const isContact = requester.email.endsWith(IM_CONTACT_DOMAIN);
  const staff = Boolean(me.data && isStaff(me.data.role));
  const contacts = useImContacts({ userId: requester.id }, isContact && staff);
  const link = useLinkImContact();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ userId: number }>();
  const contact = contacts.data?.[0];
  if (!isContact || !staff || !contact) return null;
  return (
    <Space size={4} wrap>
      <Tag color="orange">
        {t('imCallbacks.unlinked')} · {t(`channelsAdmin.platforms.${contact.platform}`)}{' '}
        {contact.externalUserId}
      </Tag>
      <Button size="small" onClick={() => setOpen(true)} data-testid="im-contact-link">
        {t('imCallbacks.linkToPerson')}
      </Button>
      <Modal
        open={open}
        title={t('imCallbacks.linkToPerson')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={link.isPending}
        okText={t('common.save')}
      >
        <ErrorAlert error={link.error} style={{ marginBottom: 8 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={({ userId }) =>
            link.mutate(
              { platform: contact.platform, externalUserId: contact.externalUserId, userId },
              { onSuccess: () => setOpen(false) },
            )
          }
        >
          <Form.Item
            name="userId"
            label={t('imCallbacks.person')}
            extra={t('imCallbacks.linkHint')}
            rules={[{ required: true }]}
          >
            <PersonSelect />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
