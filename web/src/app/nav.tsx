import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  BugOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  DatabaseOutlined,
  FileAddOutlined,
  FileTextOutlined,
  FundOutlined,
  MessageOutlined,
  NodeIndexOutlined,
  PhoneOutlined,
  ProfileOutlined,
  RiseOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SmileOutlined,
  StopOutlined,
  SwapOutlined,
  ThunderboltOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Badge, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeDto } from '../../../contracts/identity.ts';
import { usePendingApprovalCount } from '../features/approvals/api.ts';

/** One page in a menu: its address, its words, and the capability its page needs (none: every staff member). */
export type NavEntry = {
  to: string;
  label: string;
  icon: ReactNode;
  capability?: string;
  testId: string;
  /** A count shown beside the label (approvals waiting for the person). */
  badge?: number;
};

/** An entry's label with its count, if any. */
export function NavLabel({ entry }: { entry: NavEntry }) {
  return (
    <>
      {entry.label}
      {entry.badge ? (
        <Badge
          count={entry.badge}
          size="small"
          style={{ marginInlineStart: 6 }}
          data-testid={`${entry.testId}-count`}
        />
      ) : null}
    </>
  );
}
type NavGroup = { key: string; label: string; entries: NavEntry[] };

/**
 * The staff menu in groups, as the desk works: the queue, my own work, the channels, knowledge,
 * ITSM records, reports, quality and administration. A page a role cannot open is not listed.
 */
export function useStaffNav(me: MeDto | null | undefined): NavGroup[] {
  const { t } = useTranslation();
  const approvals = usePendingApprovalCount(Boolean(me));
  if (!me) return [];
  const groups: NavGroup[] = [
    {
      key: 'queue',
      label: t('shell.group.queue'),
      entries: [
        { to: '/agent', label: t('nav.queue'), icon: <UnorderedListOutlined />, testId: 'nav-queue' },
        { to: '/agent/phone', label: t('nav.phone'), icon: <FileAddOutlined />, testId: 'nav-phone' },
      ],
    },
    {
      key: 'mine',
      label: t('shell.group.mine'),
      entries: [
        {
          to: '/agent?assigneeId=me',
          label: t('shell.myTickets'),
          icon: <UserOutlined />,
          testId: 'nav-mine',
        },
        {
          to: '/agent/duty-roster',
          label: t('roster.nav'),
          icon: <CalendarOutlined />,
          testId: 'nav-roster',
        },
        { to: '/agent/canned', label: t('canned.nav'), icon: <ThunderboltOutlined />, testId: 'nav-canned' },
        {
          to: '/approvals',
          label: t('approvals.nav'),
          icon: <CheckSquareOutlined />,
          testId: 'nav-approvals',
          badge: approvals.data?.count ?? 0,
        },
      ],
    },
    {
      key: 'channels',
      label: t('shell.group.channels'),
      entries: [
        { to: '/agent/chats', label: t('chat.consoleNav'), icon: <CommentOutlined />, testId: 'nav-chats' },
        { to: '/agent/callbacks', label: t('calls.nav'), icon: <PhoneOutlined />, testId: 'nav-calls' },
      ],
    },
    {
      key: 'knowledge',
      label: t('shell.group.knowledge'),
      entries: [{ to: '/agent/kb', label: t('kb.nav'), icon: <BookOutlined />, testId: 'nav-kb' }],
    },
    {
      key: 'itsm',
      label: t('shell.group.itsm'),
      entries: [
        {
          to: '/agent/major-incidents',
          label: t('majorIncident.nav'),
          icon: <AlertOutlined />,
          testId: 'nav-major-incidents',
        },
        {
          to: '/agent/problem-management',
          label: t('problems.mgmt.nav'),
          icon: <BugOutlined />,
          testId: 'nav-problem-management',
        },
        {
          to: '/agent/problems',
          label: t('problems.nav'),
          icon: <NodeIndexOutlined />,
          capability: 'problem.read',
          testId: 'nav-problems',
        },
        { to: '/agent/assets', label: t('assets.nav'), icon: <DatabaseOutlined />, testId: 'nav-assets' },
        { to: '/agent/changes', label: t('changes.nav'), icon: <SwapOutlined />, testId: 'nav-changes' },
        {
          to: '/agent/changes/calendar',
          label: t('changes.calendar.nav'),
          icon: <ScheduleOutlined />,
          testId: 'nav-change-calendar',
        },
        {
          to: '/agent/change-freezes',
          label: t('changes.freeze.nav'),
          icon: <StopOutlined />,
          testId: 'nav-change-freezes',
        },
      ],
    },
    {
      key: 'reports',
      label: t('shell.group.reports'),
      entries: [
        {
          to: '/dashboards',
          label: t('feedback.nav.dashboards'),
          icon: <BarChartOutlined />,
          capability: 'report.read',
          testId: 'nav-dashboards',
        },
        {
          to: '/dashboards/weekly',
          label: t('shell.weekly'),
          icon: <FundOutlined />,
          capability: 'report.read',
          testId: 'nav-weekly',
        },
        {
          to: '/dashboards/escalations',
          label: t('escalation.nav'),
          icon: <RiseOutlined />,
          capability: 'escalation.report',
          testId: 'nav-escalations',
        },
      ],
    },
    {
      key: 'quality',
      label: t('shell.group.quality'),
      entries: [
        {
          to: '/quality/followups',
          label: t('shell.followups'),
          icon: <AuditOutlined />,
          capability: 'quality.followup',
          testId: 'nav-followups',
        },
        {
          to: '/quality/nps',
          label: t('shell.nps'),
          icon: <SmileOutlined />,
          capability: 'survey.manage',
          testId: 'nav-nps',
        },
      ],
    },
    {
      key: 'admin',
      label: t('shell.group.admin'),
      entries: [
        {
          to: '/admin',
          label: t('nav.admin'),
          icon: <SettingOutlined />,
          capability: 'settings.manage',
          testId: 'nav-admin',
        },
      ],
    },
  ];
  const allowed = (entry: NavEntry) => !entry.capability || me.capabilities.includes(entry.capability);
  return groups
    .map((group) => ({ ...group, entries: group.entries.filter(allowed) }))
    .filter((group) => group.entries.length > 0);
}

/**
 * The requester's four places, as tabs at the bottom of a phone and a menu on a wide screen, and
 * their approvals while some wait for them (or they are on that page).
 */
export function usePortalNav(enabled = true, pathname = ''): NavEntry[] {
  const { t } = useTranslation();
  const approvals = usePendingApprovalCount(enabled);
  const count = approvals.data?.count ?? 0;
  const approvalEntry: NavEntry[] =
    count > 0 || pathname.startsWith('/approvals')
      ? [
          {
            to: '/approvals',
            label: t('approvals.navShort'),
            icon: <CheckSquareOutlined />,
            testId: 'tab-approvals',
            badge: count,
          },
        ]
      : [];
  return [
    { to: '/portal', label: t('shell.tab.tickets'), icon: <ProfileOutlined />, testId: 'tab-tickets' },
    { to: '/portal/new', label: t('shell.tab.new'), icon: <FileTextOutlined />, testId: 'tab-new' },
    {
      to: '/portal/catalog',
      label: t('catalog.portal.tab'),
      icon: <AppstoreOutlined />,
      testId: 'tab-catalog',
    },
    { to: '/portal/kb', label: t('shell.tab.kb'), icon: <BookOutlined />, testId: 'tab-kb' },
    { to: '/portal/chat', label: t('shell.tab.chat'), icon: <MessageOutlined />, testId: 'tab-chat' },
    ...approvalEntry,
  ];
}

/**
 * The entry that owns the current page: an exact address with its query first (my tickets is the
 * queue filtered to me), then the longest path the location starts with.
 */
export function selectedEntry(entries: readonly NavEntry[], pathname: string, search: string): string {
  const here = `${pathname}${search}`;
  const exact = entries.find((entry) => entry.to.includes('?') && here.startsWith(entry.to));
  if (exact) return exact.to;
  let best = '';
  for (const entry of entries) {
    if (entry.to.includes('?')) continue;
    const owns = pathname === entry.to || pathname.startsWith(`${entry.to}/`);
    if (owns && entry.to.length > best.length) best = entry.to;
  }
  return best;
}

export function menuItems(groups: NavGroup[], collapsed: boolean): MenuProps['items'] {
  const leaf = (entry: NavEntry) => ({
    key: entry.to,
    icon: entry.icon,
    label: (
      <Link to={entry.to} data-testid={entry.testId}>
        <NavLabel entry={entry} />
      </Link>
    ),
  });
  // Collapsed, the group titles have no room: the icons stand alone, their names in tooltips.
  if (collapsed) return groups.flatMap((group) => group.entries.map(leaf));
  return groups.map((group) => ({
    key: `group:${group.key}`,
    type: 'group' as const,
    label: group.label,
    children: group.entries.map(leaf),
  }));
}
