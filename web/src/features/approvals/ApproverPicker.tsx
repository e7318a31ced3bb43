import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApproverRule } from '../../../../contracts/approvals.ts';
import { useTeams } from '../../entities/team/api.ts';
import { useUsers } from '../../entities/user/api.ts';

const STAFF = 'agent,lead,quality,admin';

/**
 * People to ask, found by name or email on the server as one types (a desk has more people than
 * one page of /users), any role: a manager may be a requester account.
 */
/** People found by name or email on the server as one types, keeping the chosen ones' names. */
function usePeopleSearch(chosenIds: readonly number[], staffOnly: boolean) {
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useUsers({ q: term || undefined, ...(staffOnly ? { role: STAFF } : {}) });
  // People chosen earlier keep their names while the list shows another search's results.
  const known = useRef(new Map<number, string>());
  // People chosen before this form opened (a saved rule's approvers) are named by one look-up by id.
  const unnamed = chosenIds.filter((id) => !known.current.has(id)).slice(0, 100);
  const named = useUsers({ ids: unnamed.join(',') }, unnamed.length > 0);
  for (const user of [...(users.data ?? []), ...(named.data ?? [])]) {
    known.current.set(user.id, `${user.name} · ${user.email}`);
  }
  const found = (users.data ?? [])
    .filter((user) => user.active)
    .map((user) => ({ value: user.id, label: `${user.name} · ${user.email}` }));
  const chosen = chosenIds
    .filter((id) => !found.some((option) => option.value === id))
    .map((id) => ({ value: id, label: known.current.get(id) ?? `#${id}` }));
  return { options: [...found, ...chosen], setSearch, loading: users.isFetching };
}

export function ApproverPicker({
  value,
  onChange,
  testId = 'approver-picker',
  staffOnly = false,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  testId?: string;
  /** Only members of staff (a runbook's approvers must be). */
  staffOnly?: boolean;
}) {
  const { t } = useTranslation();
  const people = usePeopleSearch(value ?? [], staffOnly);
  return (
    <Select<number[]>
      mode="multiple"
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      showSearch={{ filterOption: false, onSearch: people.setSearch }}
      options={people.options}
      loading={people.loading}
      placeholder={t('approvals.form.approversPlaceholder')}
      data-testid={testId}
    />
  );
}

/** One person, found on the server as one types (a user's manager, a team's lead). */
export function PersonPicker({
  value,
  onChange,
  testId,
  staffOnly = false,
}: {
  value?: number | null;
  onChange?: (id: number | null) => void;
  testId?: string;
  staffOnly?: boolean;
}) {
  const { t } = useTranslation();
  const people = usePeopleSearch(value ? [value] : [], staffOnly);
  return (
    <Select<number | null>
      allowClear
      value={value ?? null}
      onChange={(id) => onChange?.(id ?? null)}
      showSearch={{ filterOption: false, onSearch: people.setSearch }}
      options={people.options}
      loading={people.loading}
      placeholder={t('approvals.form.approversPlaceholder')}
      {...(testId ? { 'data-testid': testId } : {})}
    />
  );
}

const ruleKey = (rule: ApproverRule) =>
  rule.type === 'team_lead'
    ? `team_lead:${rule.teamId}`
    : rule.type === 'user'
      ? `user:${rule.userId}`
      : rule.type;

function ruleOf(key: string): ApproverRule | null {
  if (key === 'requester_manager') return { type: 'requester_manager' };
  const [type, id] = key.split(':');
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return null;
  if (type === 'team_lead') return { type: 'team_lead', teamId: n };
  if (type === 'user') return { type: 'user', userId: n };
  return null;
}

/**
 * The "rule" choice beside the people: approvers found when the approval is asked, asked
 * after the people chosen above, in this order: the requester's manager, a team's lead.
 */
export function ApproverRulePicker({
  value,
  onChange,
  testId = 'approver-rules',
}: {
  value?: ApproverRule[];
  onChange?: (rules: ApproverRule[]) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const teams = useTeams();
  const options = [
    { value: 'requester_manager', label: t('approvals.rule.requesterManager') },
    ...(teams.data ?? []).map((team) => ({
      value: `team_lead:${team.id}`,
      label: t('approvals.rule.team_lead', { team: team.name }),
    })),
  ];
  return (
    <Select<string[]>
      mode="multiple"
      value={(value ?? []).map(ruleKey)}
      onChange={(keys) => onChange?.(keys.map(ruleOf).filter((rule): rule is ApproverRule => rule !== null))}
      showSearch={{ optionFilterProp: 'label' }}
      options={options}
      loading={teams.isFetching}
      placeholder={t('approvals.rule.choose')}
      data-testid={testId}
    />
  );
}
