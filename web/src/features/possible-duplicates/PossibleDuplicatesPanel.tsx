import { LinkOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { PossibleDuplicate } from '../../../../contracts/triage.ts';
import { useAddLink } from '../../entities/ticket/api.ts';
import { StatusTag } from '../../entities/ticket/tags.tsx';
import { api, type ItemsResponse } from '../../shared/api/client.ts';
import { formatTicketNumber } from '../../shared/lib/format.ts';
import { errorText } from '../../shared/ui/errors.ts';

/** Open tickets that may report the same problem (same requester, or recent), linked in one click. */
export function PossibleDuplicatesPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddLink(ticket.id);
  const found = useQuery({
    queryKey: ['tickets', 'detail', ticket.id, 'possible-duplicates'],
    queryFn: ({ signal }) =>
      api.get<ItemsResponse<PossibleDuplicate>>(
        `/tickets/${ticket.id}/possible-duplicates`,
        undefined,
        signal,
      ),
  });
  const client = useQueryClient();
  const merge = useMutation({
    mutationFn: (intoTicketId: number) =>
      api.post<TicketDto>(`/tickets/${ticket.id}/merge`, { intoTicketId }),
    onSuccess: () => {
      message.success(t('duplicates.merged'));
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: (error) => message.error(errorText(t, error)),
  });
  const final = ticket.status === 'closed' || ticket.status === 'cancelled';
  const linked = new Set(ticket.links.map((link) => link.ticket.id));
  const items = (found.data?.items ?? []).filter((item) => !linked.has(item.id));

  const markDuplicate = (targetId: number) =>
    add.mutate(
      { kind: 'duplicate_of', targetId },
      {
        onSuccess: () => message.success(t('duplicates.linked')),
        onError: (error) => message.error(errorText(t, error)),
      },
    );

  return (
    <Card size="small" title={t('duplicates.title')} data-testid="possible-duplicates">
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              data-testid="possible-duplicate"
              actions={[
                <Button
                  key="link"
                  size="small"
                  icon={<LinkOutlined />}
                  loading={add.isPending && add.variables?.targetId === item.id}
                  onClick={() => markDuplicate(item.id)}
                  data-testid="duplicate-link"
                >
                  {t('duplicates.link')}
                </Button>,
                ...(final
                  ? []
                  : [
                      <Popconfirm
                        key="merge"
                        title={t('duplicates.mergeConfirm', { number: formatTicketNumber(item.number) })}
                        onConfirm={() => merge.mutate(item.id)}
                      >
                        <Button
                          size="small"
                          icon={<MergeCellsOutlined />}
                          loading={merge.isPending && merge.variables === item.id}
                          data-testid="duplicate-merge"
                        >
                          {t('duplicates.merge')}
                        </Button>
                      </Popconfirm>,
                    ]),
              ]}
            >
              <List.Item.Meta
                title={
                  <Link to={`/agent/tickets/${item.id}`}>
                    {formatTicketNumber(item.number)} {item.subject}
                  </Link>
                }
                description={
                  <Space size={4} wrap>
                    <StatusTag status={item.status} />
                    <Tag>{t(`duplicates.reason.${item.reason}`)}</Tag>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('duplicates.none')}</Typography.Text>
      )}
    </Card>
  );
}
