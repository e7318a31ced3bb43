import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTicketList } from '../../entities/ticket/api.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';

const WAITING = { status: 'resolved', sort: 'updated_desc' };

/**
 * The top of the portal (RS-2): resolved tickets wait for the requester to say whether the
 * fix works. They are no longer "open", so the default list hides them; this section does not.
 */
export function WaitingForYou() {
  const { t } = useTranslation();
  const list = useTicketList(WAITING, 20);
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (tickets.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<CheckCircleOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="waiting-for-you"
      title={t('confirmLoop.waitingTitle', { count: tickets.length })}
      description={
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('confirmLoop.waitingHint')}
          </Typography.Paragraph>
          <List
            size="small"
            dataSource={tickets}
            renderItem={(ticket) => (
              <List.Item
                data-testid="waiting-ticket"
                actions={[
                  <Link key="open" to={`/portal/tickets/${ticket.id}`}>
                    <Button size="small" type="primary">
                      {t('confirmLoop.answer')}
                    </Button>
                  </Link>,
                ]}
              >
                <Flex vertical gap={0} style={{ minWidth: 0 }}>
                  <Typography.Text ellipsis>
                    {formatTicketNumber(ticket.number)} {ticket.subject}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('confirmLoop.resolvedAt', { at: formatDateTime(ticket.resolvedAt) })}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </>
      }
    />
  );
}
