import { BellOutlined, SettingOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { NotificationDto } from '../../../../contracts/notifications.ts';
import { useMarkAllRead, useMarkRead, useNotifications } from '../../entities/notification/api.ts';
import { useMe } from '../../entities/user/api.ts';
import { isStaff } from '../../entities/user/roles.ts';
import { formatRelative } from '../../shared/lib/format.ts';
import { NotificationPreferences } from './NotificationPreferences.tsx';

/** The bell in the header: unread count (live over Server-Sent Events) and the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const [preferences, setPreferences] = useState(false);
  const unread = notifications.data?.unreadCount ?? 0;
  const staff = me.data ? isStaff(me.data.role) : false;

  const openItem = (item: NotificationDto) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    // An approval asked of the person opens it on the Approvals page: an approver may not see the ticket.
    if (item.event.startsWith('approval.') && typeof item.data.approvalId === 'number') {
      navigate(`/approvals/${item.data.approvalId}`);
      return;
    }
    if (item.ticketId)
      navigate(staff ? `/agent/tickets/${item.ticketId}` : `/portal/tickets/${item.ticketId}`);
  };

  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 48px))' }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Flex gap={4}>
          <Button size="small" type="link" disabled={unread === 0} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
          <Button
            size="small"
            type="text"
            icon={<SettingOutlined />}
            onClick={() => setPreferences(true)}
            aria-label={t('notifications.preferences')}
          />
        </Flex>
      </Flex>
      {notifications.data?.items.length ? (
        <List
          size="small"
          dataSource={notifications.data.items}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(item) => (
            <List.Item
              onClick={() => openItem(item)}
              style={{ cursor: 'pointer', background: item.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
              data-testid="notification-item"
            >
              <List.Item.Meta
                title={<Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>}
                description={
                  <>
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {item.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatRelative(item.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
    </div>
  );

  return (
    <>
      <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
          <Button
            type="text"
            icon={<BellOutlined style={{ color: 'rgba(255,255,255,0.85)', fontSize: 18 }} />}
            aria-label={t('notifications.title')}
            data-testid="notification-bell"
          />
        </Badge>
      </Popover>
      <NotificationPreferences open={preferences} onClose={() => setPreferences(false)} />
    </>
  );
}
