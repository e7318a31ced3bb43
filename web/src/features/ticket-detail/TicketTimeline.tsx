import {
  EditOutlined,
  LinkOutlined,
  LockOutlined,
  MessageOutlined,
  PaperClipOutlined,
  PlusCircleOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Empty, Flex, Timeline, type TimelineItemProps, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../entities/team/api.ts';
import { useTimeline } from '../../entities/ticket/api.ts';
import { useUsers } from '../../entities/user/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { describeEvent, type Lookups, type TimelineEntry } from './timeline-format.ts';

const icons: Record<TimelineEntry['kind'], React.ReactNode> = {
  created: <PlusCircleOutlined />,
  change: <EditOutlined />,
  message: <MessageOutlined />,
  internal: <LockOutlined style={{ color: '#d48806' }} />,
  link: <LinkOutlined />,
  attachment: <PaperClipOutlined />,
  other: <ThunderboltOutlined />,
};

function EntryContent({ entry }: { entry: TimelineEntry }) {
  const internal = entry.kind === 'internal';
  return (
    <div data-testid="timeline-item" data-kind={entry.kind}>
      <Flex gap={8} wrap align="baseline">
        <Typography.Text strong>{entry.title}</Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
      </Flex>
      {entry.changes.map((line) => (
        <div key={line}>{line}</div>
      ))}
      {entry.body && (
        <Typography.Paragraph
          ellipsis={{ rows: 3, expandable: true }}
          style={{
            whiteSpace: 'pre-wrap',
            margin: '4px 0 0',
            padding: '4px 8px',
            borderRadius: 4,
            background: internal ? '#fffbe6' : '#fafafa',
          }}
        >
          {entry.body}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** Every message and change on the ticket, oldest first, readable in either language. */
export function TicketTimeline({ ticketId }: { ticketId: number }) {
  const { t, i18n } = useTranslation();
  const timeline = useTimeline(ticketId);
  const teams = useTeams();
  const users = useUsers();
  const lookups = useMemo<Lookups>(() => {
    const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
    const userNames = new Map((users.data ?? []).map((user) => [user.id, user.name]));
    return {
      teamName: (id) => teamNames.get(id),
      userName: (id) => userNames.get(id),
      locale: i18n.language === 'en' ? 'en' : 'zh-CN',
      formatTime: formatDateTime,
    };
  }, [teams.data, users.data, i18n.language]);

  if (timeline.isPending) return <PageLoading />;
  if (timeline.isError) return <ErrorAlert error={timeline.error} />;
  const entries = [...timeline.data]
    .sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id)
    .map((event) => describeEvent(t, event, lookups));
  if (entries.length === 0) return <Empty description={t('timeline.empty')} />;
  const items: TimelineItemProps[] = entries.map((entry) => ({
    key: entry.id,
    icon: icons[entry.kind],
    content: <EntryContent entry={entry} />,
  }));
  return (
    <div data-testid="ticket-timeline">
      <Timeline items={items} />
    </div>
  );
}
