import { Button, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useTeams } from '../../entities/team/api.ts';
import { useCan, useMe } from '../../entities/user/api.ts';
import { useStaffUsers } from '../../entities/user/useStaffUsers.ts';
import { useTicketPatch } from './useTicketPatch.ts';

/** Team and assignee (ES-1 dispatch by hand). Members of the ticket's team are listed first. */
export function AssignmentControls({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { patch, pending } = useTicketPatch(ticket.id);
  const me = useMe();
  // Choosing the assignee is ticket.assign (not the quality role's): offered only to those who may.
  const canAssign = useCan('ticket.assign');
  const teams = useTeams();
  const { staff, isPending: staffPending } = useStaffUsers();

  const teamOptions = (teams.data ?? []).map((team) => ({
    value: team.id,
    label: `${team.name} (${t(`tier.${team.tier}`)})`,
  }));
  const team = teams.data?.find((candidate) => candidate.id === ticket.team?.id);
  const inTeam = (id: number) => team?.memberIds.includes(id) ?? false;
  const people = [...staff].sort(
    (a, b) => Number(inTeam(b.id)) - Number(inTeam(a.id)) || a.name.localeCompare(b.name),
  );
  const assigneeOptions = people.map((user) => ({ value: user.id, label: `${user.name} · ${user.email}` }));
  if (ticket.assignee && !assigneeOptions.some((option) => option.value === ticket.assignee?.id)) {
    assigneeOptions.unshift({ value: ticket.assignee.id, label: ticket.assignee.name });
  }

  return (
    <Form layout="vertical" size="small">
      <Form.Item label={t('ticket.team')} style={{ marginBottom: 8 }}>
        <Select<number | null>
          value={ticket.team?.id ?? null}
          options={[{ value: null, label: t('detail.noTeam') }, ...teamOptions]}
          onChange={(teamId) => void patch({ teamId })}
          loading={teams.isPending || pending}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="team-select"
        />
      </Form.Item>
      <Form.Item label={t('ticket.assignee')} style={{ marginBottom: 8 }}>
        <Select<number | null>
          value={ticket.assignee?.id ?? null}
          options={[{ value: null, label: t('detail.unassigned') }, ...assigneeOptions]}
          onChange={(assigneeId) => void patch({ assigneeId })}
          loading={staffPending || pending}
          disabled={!canAssign}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="assignee-select"
        />
      </Form.Item>
      {canAssign && me.data && ticket.assignee?.id !== me.data.id && (
        <Button
          size="small"
          onClick={() => me.data && void patch({ assigneeId: me.data.id })}
          loading={pending}
          data-testid="assign-to-me"
        >
          {t('detail.assignToMe')}
        </Button>
      )}
    </Form>
  );
}
