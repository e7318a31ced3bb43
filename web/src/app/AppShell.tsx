import {
  CustomerServiceOutlined,
  DownOutlined,
  LogoutOutlined,
  MenuOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, type MenuProps, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useLiveTicketUpdates } from '../entities/ticket/live.ts';
import { useLogout, useMe, useSessionEndWatch } from '../entities/user/api.ts';
import { isStaff } from '../entities/user/roles.ts';
import { GlobalSearch } from '../features/global-search/GlobalSearch.tsx';
import { LanguageSwitch } from '../features/language-switch/LanguageSwitch.tsx';
import { NotificationBell } from '../features/notification-bell/NotificationBell.tsx';
import { PageLoading } from '../shared/ui/PageLoading.tsx';
import { menuItems, type NavEntry, NavLabel, selectedEntry, usePortalNav, useStaffNav } from './nav.tsx';

const { Header, Content, Sider } = Layout;
const HEADER_HEIGHT = 56;
const TAB_BAR_HEIGHT = 56;
const COLLAPSED_KEY = 'servicedesk.sider.collapsed';

function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  if (!me.data) return null;
  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: `${me.data.name} · ${me.data.email} · ${t(`role.${me.data.role}`)}`,
    },
    // On a phone the header has no room for the language switch: it moves in here.
    ...(compact ? [{ key: 'lang', label: <LanguageSwitch size="small" /> }] : []),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.signOut'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    // A full load of the sign-in page: nothing of this user's data stays in memory.
    if (key === 'logout') logout.mutate(undefined, { onSettled: () => window.location.replace('/login') });
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button
        type="text"
        data-testid="user-menu"
        aria-label={t('shell.account')}
        style={{ color: 'rgba(255,255,255,0.85)', paddingInline: compact ? 4 : undefined }}
      >
        <Avatar size="small" icon={<UserOutlined />} />
        {!compact && me.data.name}
        {!compact && <DownOutlined />}
      </Button>
    </Dropdown>
  );
}

function Brand({ short }: { short: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
      <CustomerServiceOutlined style={{ fontSize: 22, color: '#fff' }} />
      {!short && (
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Text>
      )}
    </Link>
  );
}

/** The requester's bottom tab bar on a phone: every portal place one thumb away. */
function PortalTabBar({ entries, selected }: { entries: NavEntry[]; selected: string }) {
  return (
    <nav
      data-testid="portal-tabs"
      style={{
        position: 'fixed',
        insetInline: 0,
        bottom: 0,
        zIndex: 100,
        display: 'flex',
        background: '#fff',
        borderTop: '1px solid #f0f0f0',
        paddingBottom: 'env(safe-area-inset-bottom)',
      }}
    >
      {entries.map((entry) => {
        const active = entry.to === selected;
        return (
          <Link
            key={entry.to}
            to={entry.to}
            data-testid={entry.testId}
            aria-current={active ? 'page' : undefined}
            style={{
              flex: 1,
              height: TAB_BAR_HEIGHT,
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              justifyContent: 'center',
              gap: 2,
              fontSize: 12,
              color: active ? '#1f6feb' : 'rgba(0,0,0,0.65)',
            }}
          >
            <span style={{ fontSize: 20, lineHeight: 1 }}>{entry.icon}</span>
            <span style={{ whiteSpace: 'nowrap' }}>
              <NavLabel entry={entry} />
            </span>
          </Link>
        );
      })}
    </nav>
  );
}

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function AppShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const staffNav = useStaffNav(me.data);
  const portalNav = usePortalNav(
    Boolean(me.data) && !isStaff(me.data?.role ?? 'requester'),
    location.pathname,
  );
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const [drawerOpen, setDrawerOpen] = useState(false);
  useLiveTicketUpdates();
  useSessionEndWatch();
  const staff = me.data ? isStaff(me.data.role) : false;
  // Before the first measurement every breakpoint reads false: treat that as wide, not as a phone.
  const measured = Object.keys(screens).length > 0;
  const phone = measured && !screens.md;
  const narrow = measured && !screens.lg;

  const staffEntries = staffNav.flatMap((group) => group.entries);
  const selected = selectedEntry(staff ? staffEntries : portalNav, location.pathname, location.search);

  const onCollapse = (value: boolean) => {
    setCollapsed(value);
    try {
      localStorage.setItem(COLLAPSED_KEY, value ? '1' : '0');
    } catch {
      // Remembering is a convenience.
    }
  };

  const staffMenu = (inDrawer: boolean) => (
    <Menu
      mode="inline"
      items={menuItems(staffNav, !inDrawer && collapsed)}
      selectedKeys={[selected]}
      onClick={() => setDrawerOpen(false)}
      // The collapse trigger sits at the sider's foot: the last entry scrolls clear of it.
      style={{ borderInlineEnd: 0, paddingBottom: inDrawer ? 0 : 48 }}
      data-testid="main-nav"
    />
  );

  const header = (
    <Header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: phone ? 8 : 24,
        paddingInline: phone ? 12 : 24,
        height: HEADER_HEIGHT,
        lineHeight: `${HEADER_HEIGHT}px`,
        position: 'sticky',
        top: 0,
        zIndex: 101,
      }}
    >
      {staff && narrow && (
        <Button
          type="text"
          icon={<MenuOutlined style={{ color: '#fff' }} />}
          aria-label={t('shell.openMenu')}
          onClick={() => setDrawerOpen(true)}
          data-testid="nav-drawer-open"
        />
      )}
      <Brand short={false} />
      {!staff && !phone ? (
        <Menu
          theme="dark"
          mode="horizontal"
          items={portalNav.map((entry) => ({
            key: entry.to,
            icon: entry.icon,
            label: (
              <Link to={entry.to} data-testid={entry.testId}>
                <NavLabel entry={entry} />
              </Link>
            ),
          }))}
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0, lineHeight: `${HEADER_HEIGHT}px` }}
          data-testid="main-nav"
        />
      ) : (
        <Flex flex={1} justify="center" align="center" style={{ minWidth: 0, lineHeight: 'normal' }}>
          {/* Tickets by number or words, people and articles from every staff page (Ctrl+K or /). */}
          {staff && !phone && <GlobalSearch width={narrow ? 240 : 360} />}
        </Flex>
      )}
      <Flex align="center" gap={phone ? 4 : 12}>
        {!phone && <LanguageSwitch size="small" />}
        <NotificationBell />
        <UserMenu compact={phone} />
      </Flex>
    </Header>
  );

  const content = (
    <Content
      style={{
        padding: phone ? 12 : 24,
        paddingBottom: !staff && phone ? TAB_BAR_HEIGHT + 16 : undefined,
        minWidth: 0,
      }}
    >
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </Content>
  );

  if (!staff) {
    return (
      <Layout style={{ minHeight: '100vh' }}>
        {header}
        {content}
        {phone && <PortalTabBar entries={portalNav} selected={selected} />}
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {header}
      <Layout>
        {narrow ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={260}
            title={t('app.name')}
            styles={{ body: { padding: 0 } }}
          >
            {staffMenu(true)}
          </Drawer>
        ) : (
          <Sider
            theme="light"
            width={220}
            collapsible
            collapsed={collapsed}
            onCollapse={onCollapse}
            style={{
              position: 'sticky',
              top: HEADER_HEIGHT,
              height: `calc(100vh - ${HEADER_HEIGHT}px)`,
              overflowY: 'auto',
              borderInlineEnd: '1px solid #f0f0f0',
            }}
          >
            {staffMenu(false)}
          </Sider>
        )}
        {content}
      </Layout>
    </Layout>
  );
}
