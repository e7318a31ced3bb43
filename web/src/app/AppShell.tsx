import { CustomerServiceOutlined, DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Layout, Menu, type MenuProps, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useLiveTicketUpdates } from '../entities/ticket/live.ts';
import { useLogout, useMe, useSessionEndWatch } from '../entities/user/api.ts';
import { isStaff } from '../entities/user/roles.ts';
import { LanguageSwitch } from '../features/language-switch/LanguageSwitch.tsx';
import { NotificationBell } from '../features/notification-bell/NotificationBell.tsx';
import { PageLoading } from '../shared/ui/PageLoading.tsx';

const { Header, Content } = Layout;

function useNavItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.data?.role;
  if (!role) return [];
  if (!isStaff(role))
    return [
      { key: '/portal', label: <Link to="/portal">{t('nav.portal')}</Link> },
      { key: '/portal/chat', label: <Link to="/portal/chat">{t('chat.nav')}</Link> },
      { key: '/portal/kb', label: <Link to="/portal/kb">{t('portalKb.nav')}</Link> },
    ];
  const items: NonNullable<MenuProps['items']> = [
    { key: '/agent', label: <Link to="/agent">{t('nav.queue')}</Link> },
    { key: '/agent/phone', label: <Link to="/agent/phone">{t('nav.phone')}</Link> },
    { key: '/agent/chats', label: <Link to="/agent/chats">{t('chat.consoleNav')}</Link> },
    { key: '/agent/callbacks', label: <Link to="/agent/callbacks">{t('calls.nav')}</Link> },
    {
      key: '/agent/major-incidents',
      label: <Link to="/agent/major-incidents">{t('majorIncident.nav')}</Link>,
    },
    { key: '/agent/duty-roster', label: <Link to="/agent/duty-roster">{t('roster.nav')}</Link> },
    { key: '/agent/canned', label: <Link to="/agent/canned">{t('canned.nav')}</Link> },
    { key: '/agent/kb', label: <Link to="/agent/kb">{t('kb.nav')}</Link> },
  ];
  if (role === 'lead' || role === 'quality' || role === 'admin') {
    items.push({ key: '/agent/problems', label: <Link to="/agent/problems">{t('problems.nav')}</Link> });
    items.push({ key: '/dashboards', label: <Link to="/dashboards">{t('feedback.nav.dashboards')}</Link> });
    items.push({ key: '/quality', label: <Link to="/quality/followups">{t('feedback.nav.quality')}</Link> });
    items.push({
      key: '/dashboards/escalations',
      label: <Link to="/dashboards/escalations">{t('escalation.nav')}</Link>,
    });
  }
  if (role === 'admin') items.push({ key: '/admin', label: <Link to="/admin">{t('nav.admin')}</Link> });
  return items;
}

/** The menu entry that owns the current page: the longest nav path the location starts with. */
function selectedKey(pathname: string): string {
  if (pathname.startsWith('/agent/phone')) return '/agent/phone';
  for (const page of [
    '/dashboards/escalations',
    '/agent/chats',
    '/agent/callbacks',
    '/agent/major-incidents',
    '/agent/duty-roster',
    '/agent/canned',
    '/agent/kb',
    '/agent/problems',
    '/portal/chat',
    '/portal/kb',
  ]) {
    if (pathname.startsWith(page)) return page;
  }
  const roots = ['/admin', '/agent', '/portal', '/dashboards', '/quality'];
  return roots.find((root) => pathname.startsWith(root)) ?? '';
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  if (!me.data) return null;
  const items: MenuProps['items'] = [
    { key: 'who', disabled: true, label: `${me.data.email} · ${t(`role.${me.data.role}`)}` },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.signOut'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    // A full load of the sign-in page: nothing of this user's data stays in memory.
    if (key === 'logout') logout.mutate(undefined, { onSettled: () => window.location.replace('/login') });
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" data-testid="user-menu" style={{ color: 'rgba(255,255,255,0.85)' }}>
        <Avatar size="small" icon={<UserOutlined />} />
        {me.data.name}
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}

export function AppShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const items = useNavItems();
  useLiveTicketUpdates();
  useSessionEndWatch();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <CustomerServiceOutlined style={{ fontSize: 22, color: '#fff' }} />
          <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Typography.Text>
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          items={items}
          selectedKeys={[selectedKey(location.pathname)]}
          style={{ flex: 1, minWidth: 0 }}
          data-testid="main-nav"
        />
        <Flex align="center" gap={12}>
          <LanguageSwitch size="small" />
          <NotificationBell />
          <UserMenu />
        </Flex>
      </Header>
      <Content style={{ padding: 24 }}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Content>
    </Layout>
  );
}
