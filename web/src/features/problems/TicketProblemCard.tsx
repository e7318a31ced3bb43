import { LinkOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { useLinkTickets, useProblems, useTicketProblem } from './api.ts';
import { CreateProblemDialog } from './CreateProblemDialog.tsx';
import { ProblemStatusTag } from './labels.tsx';

function LinkToProblem({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<number | null>(null);
  const problems = useProblems({ q });
  const link = useLinkTickets(picked ?? 0);
  const open = (problems.data?.items ?? []).filter((p) =>
    ['new', 'investigating', 'known_error'].includes(p.status),
  );
  return (
    <Flex gap={8} wrap>
      <Select
        showSearch
        filterOption={false}
        onSearch={setQ}
        value={picked}
        onChange={setPicked}
        style={{ flex: 1, minWidth: 160 }}
        placeholder={t('problems.mgmt.pickProblem')}
        options={open.map((p) => ({ value: p.id, label: `PRB-${p.id} ${p.title}` }))}
        data-testid="ticket-problem-pick"
      />
      <Button
        icon={<LinkOutlined />}
        disabled={picked === null}
        loading={link.isPending}
        onClick={() =>
          link.mutate([ticket.id], {
            onSuccess: () => setPicked(null),
            onError: (error) => message.error(errorText(t, error)),
          })
        }
        data-testid="ticket-problem-link"
      >
        {t('problems.mgmt.linkToProblem')}
      </Button>
    </Flex>
  );
}

/** On the agent's ticket page: the incident's problem, or "Create problem" / "Link to problem". */
export function TicketProblemCard({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const problem = useTicketProblem(ticket.id);
  if (ticket.type !== 'incident') return null;
  return (
    <Card size="small" title={t('problems.mgmt.ticketCard')} data-testid="ticket-problem-card">
      <ErrorAlert error={problem.error} />
      {problem.data ? (
        <Space wrap size={6}>
          <Link to={`/agent/problem-management/${problem.data.id}`} data-testid="ticket-problem">
            PRB-{problem.data.id} {problem.data.title}
          </Link>
          <ProblemStatusTag status={problem.data.status} />
          {problem.data.workaround && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 3 }}>
              {t('problems.mgmt.field.workaround')}: {problem.data.workaround}
            </Typography.Paragraph>
          )}
        </Space>
      ) : (
        problem.isSuccess &&
        !['closed', 'cancelled'].includes(ticket.status) && (
          <Flex vertical gap={8}>
            <CreateProblemDialog
              ticketIds={[ticket.id]}
              defaultTitle={ticket.subject}
              buttonType="default"
              testId="ticket-create-problem"
            />
            <LinkToProblem ticket={ticket} />
          </Flex>
        )
      )}
    </Card>
  );
}
