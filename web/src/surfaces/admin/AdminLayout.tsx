import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  BankOutlined,
  CalendarOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  ImportOutlined,
  KeyOutlined,
  MailOutlined,
  NodeIndexOutlined,
  RobotOutlined,
  ShopOutlined,
  TableOutlined,
  TagsOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Card, Col, Grid, Menu, type MenuProps, Row, Select, Space } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

export default function AdminLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  // On a phone the 21 sections would fill the first screen: one searchable picker above the page instead.
  const phone = Object.keys(screens).length > 0 && !screens.md;
  const entries = [
    { key: 'users', icon: <TeamOutlined />, label: t('admin.menu.users') },
    { key: 'teams', icon: <ApartmentOutlined />, label: t('admin.menu.teams') },
    { key: 'organizations', icon: <BankOutlined />, label: t('admin.menu.organizations') },
    { key: 'categories', icon: <TagsOutlined />, label: t('admin.menu.categories') },
    { key: 'priority-matrix', icon: <TableOutlined />, label: t('admin.menu.priorityMatrix') },
    { key: 'import', icon: <ImportOutlined />, label: t('admin.menu.import') },
    { key: 'tokens', icon: <KeyOutlined />, label: t('admin.menu.tokens') },
    { key: 'sla-calendars', icon: <CalendarOutlined />, label: t('slaAdmin.calendars') },
    { key: 'sla-policies', icon: <FieldTimeOutlined />, label: t('slaAdmin.policies') },
    { key: 'routing', icon: <NodeIndexOutlined />, label: t('routing.rules') },
    { key: 'automation', icon: <ThunderboltOutlined />, label: t('automationRules.menu') },
    { key: 'vendors', icon: <ShopOutlined />, label: t('vendor.menu') },
    { key: 'mailboxes', icon: <MailOutlined />, label: t('channelsAdmin.mailboxes') },
    { key: 'templates', icon: <FileTextOutlined />, label: t('channelsAdmin.templates') },
    { key: 'im-bots', icon: <RobotOutlined />, label: t('channelsAdmin.imBots') },
    { key: 'alert-sources', icon: <AlertOutlined />, label: t('alerts.admin.menu') },
    { key: 'runbooks', icon: <ThunderboltOutlined />, label: t('runbooks.admin.menu') },
    { key: 'synonyms', icon: <TagsOutlined />, label: t('kb.synonyms.menu') },
    { key: 'triage', icon: <ExperimentOutlined />, label: t('triageSettings.menu') },
    { key: 'catalog', icon: <AppstoreOutlined />, label: t('catalog.admin.menu') },
    { key: 'asset-types', icon: <DatabaseOutlined />, label: t('assets.types.menu') },
  ];
  const items: MenuProps['items'] = entries.map((entry) => ({
    key: entry.key,
    icon: entry.icon,
    label: <Link to={`/admin/${entry.key}`}>{entry.label}</Link>,
  }));
  const selected = location.pathname.split('/')[2] ?? 'users';
  const navigation = phone ? (
    <Select
      value={selected}
      onChange={(key: string) => navigate(`/admin/${key}`)}
      showSearch={{ optionFilterProp: 'text' }}
      options={entries.map((entry) => ({
        value: entry.key,
        text: entry.label,
        label: (
          <Space size={8}>
            {entry.icon}
            {entry.label}
          </Space>
        ),
      }))}
      aria-label={t('admin.menu.section')}
      style={{ width: '100%' }}
      data-testid="admin-menu-select"
    />
  ) : (
    <Card size="small" styles={{ body: { padding: 4 } }}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={[selected]}
        style={{ borderInlineEnd: 0 }}
        data-testid="admin-menu"
      />
    </Card>
  );
  return (
    <Row gutter={[16, phone ? 12 : 16]}>
      <Col xs={24} md={6} lg={5} xl={4}>
        {navigation}
      </Col>
      <Col xs={24} md={18} lg={19} xl={20}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Col>
    </Row>
  );
}
