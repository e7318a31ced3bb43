import { Button, Card, Empty, Flex, Grid, List, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { useQueueClocks } from '../../entities/sla/api.ts';
import { useTicketList } from '../../entities/ticket/api.ts';
import { PriorityTag, StatusTag } from '../../entities/ticket/tags.tsx';
import { formatDateTime, formatRelative, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { QueueSlaCell } from '../sla-clock/QueueSlaCell.tsx';

type Column =
  | 'number'
  | 'subject'
  | 'requester'
  | 'status'
  | 'priority'
  | 'team'
  | 'assignee'
  | 'updated'
  | 'sla';

type Props = {
  filters: Record<string, string>;
  columns: readonly Column[];
  ticketPath: (ticket: TicketSummaryDto) => string;
  testId: string;
  emptyText?: string;
  /** Rows can be ticked for a bulk action. */
  selection?: { selected: number[]; onChange: (ids: number[]) => void };
  /** Told the rows shown, in their order (the ticket page's next/previous keys follow it). */
  onRows?: (rows: TicketSummaryDto[]) => void;
};

/** A page of tickets at a time from GET /tickets, with "load more" following the cursor. */
export function TicketTable({ filters, columns, ticketPath, testId, emptyText, selection, onRows }: Props) {
  const { t } = useTranslation();
  const list = useTicketList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  useEffect(() => onRows?.(rows), [rows, onRows]);
  // SLA clocks (issue 3) for the rows shown, in one request.
  const clocks = useQueueClocks(columns.includes('sla') ? rows.map((row) => row.id) : []);

  const screens = Grid.useBreakpoint();
  const asCards = Object.keys(screens).length > 0 && !screens.md;

  const all: Record<Column, TableColumnsType<TicketSummaryDto>[number]> = {
    number: {
      key: 'number',
      title: t('ticket.number'),
      width: 100,
      render: (_, ticket) => <Link to={ticketPath(ticket)}>{formatTicketNumber(ticket.number)}</Link>,
    },
    subject: {
      key: 'subject',
      title: t('ticket.subject'),
      render: (_, ticket) => (
        <div>
          <Link to={ticketPath(ticket)} data-testid="ticket-row-subject">
            {ticket.subject}
          </Link>
          {ticket.category && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`type.${ticket.type}`)} · {ticket.category}
              </Typography.Text>
            </div>
          )}
          <TagList tags={ticket.tags} />
        </div>
      ),
    },
    requester: {
      key: 'requester',
      title: t('ticket.requester'),
      render: (_, ticket) => ticket.requester.name,
    },
    status: {
      key: 'status',
      title: t('ticket.status'),
      width: 120,
      render: (_, ticket) => <StatusTag status={ticket.status} />,
    },
    priority: {
      key: 'priority',
      title: t('ticket.priority'),
      width: 90,
      render: (_, ticket) => (
        <PriorityTag priority={ticket.priority} overridden={ticket.priorityOverridden} />
      ),
    },
    team: { key: 'team', title: t('ticket.team'), render: (_, ticket) => ticket.team?.name ?? '—' },
    assignee: {
      key: 'assignee',
      title: t('ticket.assignee'),
      render: (_, ticket) => ticket.assignee?.name ?? '—',
    },
    sla: {
      key: 'sla',
      title: t('sla.column'),
      width: 170,
      render: (_, ticket) => <QueueSlaCell sla={clocks.data?.get(ticket.id)} />,
    },
    updated: {
      key: 'updated',
      title: t('ticket.updatedAt'),
      width: 150,
      render: (_, ticket) => (
        <span title={formatDateTime(ticket.updatedAt)}>{formatRelative(ticket.updatedAt)}</span>
      ),
    },
  };

  return (
    <div data-testid={testId}>
      <ErrorAlert error={list.error} style={{ marginBottom: 12 }} />
      {asCards ? (
        <TicketCards
          rows={rows}
          loading={list.isPending}
          ticketPath={ticketPath}
          emptyText={emptyText}
          showRequester={columns.includes('requester')}
        />
      ) : (
        <Table<TicketSummaryDto>
          rowKey="id"
          size="middle"
          columns={columns.map((column) => all[column])}
          dataSource={rows}
          loading={list.isPending}
          pagination={false}
          locale={emptyText ? { emptyText } : undefined}
          {...(selection
            ? {
                rowSelection: {
                  selectedRowKeys: selection.selected,
                  onChange: (keys) => selection.onChange(keys.map(Number)),
                },
              }
            : {})}
          onRow={(ticket) =>
            ({
              'data-testid': 'ticket-row',
              'data-ticket-id': ticket.id,
            }) as React.HTMLAttributes<HTMLElement>
          }
          scroll={{ x: 900 }}
        />
      )}
      <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('queue.loaded', { count: rows.length })}</Typography.Text>
        {list.hasNextPage && (
          <Button
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            data-testid="queue-load-more"
          >
            {t('queue.loadMore')}
          </Button>
        )}
      </Flex>
    </div>
  );
}

/** On a phone a table scrolls sideways; each ticket is a card instead, the whole card a link. */
function TicketCards({
  rows,
  loading,
  ticketPath,
  emptyText,
  showRequester,
}: {
  rows: TicketSummaryDto[];
  loading: boolean;
  ticketPath: (ticket: TicketSummaryDto) => string;
  emptyText: string | undefined;
  showRequester: boolean;
}) {
  const { t } = useTranslation();
  return (
    <List<TicketSummaryDto>
      dataSource={rows}
      loading={loading}
      split={false}
      locale={{ emptyText: <Empty description={emptyText} /> }}
      renderItem={(ticket) => (
        <List.Item style={{ padding: '0 0 8px' }}>
          <Card size="small" style={{ width: '100%' }} data-testid="ticket-row" data-ticket-id={ticket.id}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text type="secondary">{formatTicketNumber(ticket.number)}</Typography.Text>
              <Flex gap={4}>
                <StatusTag status={ticket.status} />
                <PriorityTag priority={ticket.priority} overridden={ticket.priorityOverridden} />
              </Flex>
            </Flex>
            <Link
              to={ticketPath(ticket)}
              data-testid="ticket-row-subject"
              style={{
                display: 'block',
                fontSize: 15,
                fontWeight: 500,
                margin: '6px 0 4px',
                wordBreak: 'break-word',
              }}
            >
              {ticket.subject}
            </Link>
            <TagList tags={ticket.tags} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[
                showRequester ? ticket.requester.name : null,
                ticket.assignee ? `${t('ticket.assignee')}: ${ticket.assignee.name}` : null,
                formatRelative(ticket.updatedAt),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </Card>
        </List.Item>
      )}
    />
  );
}

/** The ticket's tags (issue 13), small, under its subject. */
function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <Flex wrap gap={4} style={{ marginTop: 2 }} data-testid="ticket-row-tags">
      {tags.map((tag) => (
        <Tag key={tag} style={{ marginInlineEnd: 0, fontSize: 11 }}>
          {tag}
        </Tag>
      ))}
    </Flex>
  );
}
