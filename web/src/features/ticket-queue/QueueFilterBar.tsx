import { ClearOutlined } from '@ant-design/icons';
import { Button, Flex, Select, TreeSelect } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories } from '../../entities/category/api.ts';
import { buildCategoryTree } from '../../entities/category/tree.ts';
import { useTeams } from '../../entities/team/api.ts';
import { ticketOptions } from '../../entities/ticket/options.ts';
import { STATUSES } from '../../entities/ticket/status.ts';
import { useStaffUsers } from '../../entities/user/useStaffUsers.ts';
import { QueueSearch } from './QueueSearch.tsx';
import { type FilterKey, type QueueFilters, splitList } from './useQueueFilters.ts';

type Props = {
  filters: QueueFilters;
  setFilter: (key: FilterKey, value: string | readonly string[] | undefined) => void;
  onClear: () => void;
  /** Filters only staff may use (tags, issue 13). */
  staffFilters?: boolean;
};

const wide = { minWidth: 160, maxWidth: 280 };

export function QueueFilterBar({ filters, setFilter, onClear, staffFilters = false }: Props) {
  const { t } = useTranslation();
  const teams = useTeams();
  const { staff } = useStaffUsers();
  const categories = useCategories();
  const tree = useMemo(
    () => buildCategoryTree((categories.data ?? []).map((c) => c.path)),
    [categories.data],
  );
  const searchFor = useCallback((text: string) => setFilter('q', text), [setFilter]);

  const multi = (key: FilterKey, options: { value: string; label: string }[], placeholder: string) => (
    <Select<string[]>
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={placeholder}
      value={splitList(filters[key])}
      onChange={(values) => setFilter(key, values)}
      options={options}
      style={wide}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid={`queue-filter-${key}`}
    />
  );

  return (
    <Flex wrap gap={8} align="center" data-testid="queue-filters">
      <QueueSearch value={filters.q} onSearch={searchFor} />
      {multi(
        'status',
        STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
        t('ticket.status'),
      )}
      {multi('priority', ticketOptions.priority(), t('ticket.priority'))}
      {multi(
        'teamId',
        [
          { value: 'none', label: t('queue.noTeam') },
          ...(teams.data ?? []).map((team) => ({ value: String(team.id), label: team.name })),
        ],
        t('ticket.team'),
      )}
      {multi(
        'assigneeId',
        [
          { value: 'me', label: t('queue.assigneeMe') },
          { value: 'none', label: t('queue.unassigned') },
          ...staff.map((user) => ({ value: String(user.id), label: user.name })),
        ],
        t('ticket.assignee'),
      )}
      {multi('type', ticketOptions.type(t), t('ticket.type'))}
      {multi('channel', ticketOptions.channel(t), t('ticket.channel'))}
      <TreeSelect
        allowClear
        showSearch
        treeData={tree}
        treeDefaultExpandAll
        placeholder={t('ticket.category')}
        value={filters.category}
        onChange={(value) => setFilter('category', typeof value === 'string' ? value : undefined)}
        style={wide}
        data-testid="queue-filter-category"
      />
      {staffFilters && (
        <Select<string[]>
          mode="tags"
          open={false}
          allowClear
          maxTagCount="responsive"
          placeholder={t('automationRules.tagFilter')}
          value={splitList(filters.tag)}
          onChange={(values) => setFilter('tag', values.map((v) => v.trim().toLowerCase()).filter(Boolean))}
          style={wide}
          data-testid="queue-filter-tag"
        />
      )}
      <Select
        value={filters.sort ?? 'created_desc'}
        options={ticketOptions.sort(t)}
        onChange={(value) => setFilter('sort', value === 'created_desc' ? undefined : value)}
        style={{ width: 140 }}
        aria-label={t('queue.sortLabel')}
        data-testid="queue-sort"
      />
      <Button icon={<ClearOutlined />} onClick={onClear} data-testid="queue-clear">
        {t('queue.clear')}
      </Button>
    </Flex>
  );
}
