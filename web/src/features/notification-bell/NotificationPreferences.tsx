import { Checkbox, Form, Input, Modal, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationChannel, PreferenceDto } from '../../../../contracts/notifications.ts';
import { usePreferences, useSavePreferences } from '../../entities/notification/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const CHANNELS: NotificationChannel[] = ['in_app', 'email', 'im', 'sms'];

/** A person's own choices: which events reach them on which channel, and their IM handle and mobile number. */
export function NotificationPreferences({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const preferences = usePreferences(open);
  const save = useSavePreferences();
  const [events, setEvents] = useState<PreferenceDto[]>([]);
  const [contact, setContact] = useState({ phone: '', imHandle: '' });
  useEffect(() => {
    if (!preferences.data) return;
    setEvents(preferences.data.events);
    setContact({
      phone: preferences.data.contact.phone ?? '',
      imHandle: preferences.data.contact.imHandle ?? '',
    });
  }, [preferences.data]);

  const toggle = (event: string, channel: NotificationChannel, value: boolean) =>
    setEvents((all) =>
      all.map((e) => (e.event === event ? { ...e, channels: { ...e.channels, [channel]: value } } : e)),
    );

  return (
    <Modal
      open={open}
      title={t('notifications.preferences')}
      width={680}
      onCancel={onClose}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      onOk={() =>
        save.mutate(
          {
            events,
            contact: { phone: contact.phone.trim() || null, imHandle: contact.imHandle.trim() || null },
          },
          { onSuccess: onClose },
        )
      }
    >
      <ErrorAlert error={save.error ?? preferences.error} style={{ marginBottom: 8 }} />
      <Table
        size="small"
        rowKey="event"
        pagination={false}
        dataSource={events}
        columns={[
          {
            title: t('notifications.event'),
            dataIndex: 'event',
            render: (event: string) => t(`notifications.events.${event}`, { defaultValue: event }),
          },
          ...CHANNELS.map((channel) => ({
            title: t(`notifications.channels.${channel}`),
            key: channel,
            render: (_: unknown, row: PreferenceDto) => (
              <Checkbox
                checked={row.channels[channel] ?? false}
                onChange={(e) => toggle(row.event, channel, e.target.checked)}
              />
            ),
          })),
        ]}
      />
      <Form layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item label={t('notifications.phone')}>
          <Input
            value={contact.phone}
            onChange={(e) => setContact({ ...contact, phone: e.target.value })}
            placeholder="+86 138 0000 0000"
          />
        </Form.Item>
        <Form.Item label={t('notifications.imHandle')} style={{ marginBottom: 0 }}>
          <Input
            value={contact.imHandle}
            onChange={(e) => setContact({ ...contact, imHandle: e.target.value })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
