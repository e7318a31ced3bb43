import { Empty, Flex, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useMe } from '../../entities/user/api.ts';
import { isStaff } from '../../entities/user/roles.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { ApprovalCard } from './ApprovalCard.tsx';
import { useApproval, useMyApprovals } from './api.ts';

function useTicketPath(): string {
  const me = useMe();
  return me.data && isStaff(me.data.role) ? '/agent/tickets' : '/portal/tickets';
}

function MyApprovals({ status }: { status: 'pending' | 'decided' }) {
  const { t } = useTranslation();
  const list = useMyApprovals(status);
  const ticketPath = useTicketPath();
  if (list.isPending) return <PageLoading />;
  if (list.error) return <ErrorAlert error={list.error} />;
  if (list.data.items.length === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={status === 'pending' ? t('approvals.nonePending') : t('approvals.noneDecided')}
      />
    );
  return (
    <Flex vertical gap={12} data-testid={`approvals-${status}`}>
      {list.data.items.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} ticketPath={ticketPath} />
      ))}
    </Flex>
  );
}

/** /approvals/:id — one approval (the page the mail's "details" link opens). */
function OneApproval({ id }: { id: number }) {
  const approval = useApproval(id);
  const ticketPath = useTicketPath();
  if (approval.isPending) return <PageLoading />;
  if (approval.error) return <ErrorAlert error={approval.error} />;
  return <ApprovalCard approval={approval.data} ticketPath={ticketPath} />;
}

/** /approvals — what the signed-in person must decide, and their history (any role). */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'decided' ? 'decided' : 'pending';
  const one = id ? Number(id) : null;
  return (
    <div style={{ maxWidth: 880, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('approvals.title')}
      </Typography.Title>
      {one !== null && Number.isInteger(one) && one > 0 ? (
        <OneApproval id={one} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch(key === 'decided' ? { tab: 'decided' } : {})}
          items={[
            { key: 'pending', label: t('approvals.tabPending'), children: <MyApprovals status="pending" /> },
            { key: 'decided', label: t('approvals.tabDecided'), children: <MyApprovals status="decided" /> },
          ]}
        />
      )}
    </div>
  );
}
