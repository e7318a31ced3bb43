import { MergeCellsOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BulkTicketChanges,
  type BulkTicketInput,
  BulkTicketResult,
} from '../../../../contracts/ticket-bulk.ts';
import { type Priority, TicketDto, type TicketStatus } from '../../../../contracts/tickets.ts';
import { ticketKeys } from '../../entities/ticket/api.ts';
import { STATUSES } from '../../entities/ticket/status.ts';
import { useMe } from '../../entities/user/api.ts';
import { useStaffUsers } from '../../entities/user/useStaffUsers.ts';
import { api } from '../../shared/api/client.ts';
import { formatTicketNumber } from '../../shared/lib/format.ts';
import { errorText } from '../../shared/ui/errors.ts';

const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

/**
 * Acts on the ticked tickets of the queue: assign, status, priority (with the reason an
 * override needs), merge. Each change can be undone from the message that reports it.
 */
export function BulkActionBar({
  selected,
  numbers,
  onDone,
}: {
  selected: number[];
  /** Ticket numbers by id, for the merge dialog. */
  numbers: Map<number, number>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const client = useQueryClient();
  const me = useMe();
  const { staff } = useStaffUsers();
  const [priority, setPriority] = useState<Priority | null>(null);
  const [reason, setReason] = useState('');
  const [mergeOpen, setMergeOpen] = useState(false);
  const [mergeInto, setMergeInto] = useState<number | null>(null);

  const refresh = () => client.invalidateQueries({ queryKey: ticketKeys.all });
  const run = useMutation({
    mutationFn: (input: BulkTicketInput) => api.post(BulkTicketResult, '/tickets/bulk', input),
    onSettled: () => void refresh(),
  });
  const report = (result: BulkTicketResult, undoable: boolean) => {
    const failed = result.results.filter((r) => !r.ok);
    const done = result.results.length - failed.length;
    const key = `bulk-${Date.now()}`;
    notification.open({
      key,
      type: failed.length ? 'warning' : 'success',
      title: t('bulk.done', { count: done }),
      description: failed.length ? (
        <Flex vertical data-testid="bulk-failures">
          {failed.map((r) => (
            <span key={r.ticketId}>
              {r.number ? formatTicketNumber(r.number) : r.ticketId}: {r.error?.message}
            </span>
          ))}
        </Flex>
      ) : undefined,
      actions:
        undoable && result.undo ? (
          <Button
            size="small"
            data-testid="bulk-undo"
            onClick={() => {
              notification.destroy(key);
              if (result.undo) void apply(result.undo, false);
            }}
          >
            {t('bulk.undo')}
          </Button>
        ) : undefined,
      duration: 10,
    });
  };
  const apply = async (input: BulkTicketInput, undoable = true) => {
    try {
      report(await run.mutateAsync(input), undoable);
      if (undoable) onDone();
    } catch (error) {
      message.error(errorText(t, error));
    }
  };
  const change = (changes: BulkTicketChanges) => apply({ ticketIds: selected, changes });

  const merge = useMutation({
    mutationFn: async (into: number) => {
      for (const id of selected.filter((id) => id !== into)) {
        await api.post(TicketDto, `/tickets/${id}/merge`, { intoTicketId: into });
      }
    },
    onSuccess: () => {
      message.success(t('bulk.merged'));
      setMergeOpen(false);
      onDone();
    },
    onError: (error) => message.error(errorText(t, error)),
    onSettled: () => void refresh(),
  });

  if (selected.length === 0) return null;
  const people = staff.map((user) => ({ value: user.id, label: user.name }));
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="bulk-bar">
      <Typography.Text strong>{t('bulk.selected', { count: selected.length })}</Typography.Text>
      <Select<number>
        placeholder={t('bulk.assign')}
        style={{ minWidth: 160 }}
        options={[...(me.data ? [{ value: me.data.id, label: t('bulk.me') }] : []), ...people]}
        value={null}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(assigneeId) => void change({ assigneeId })}
        data-testid="bulk-assign"
      />
      <Select<TicketStatus>
        placeholder={t('bulk.status')}
        style={{ minWidth: 140 }}
        value={null}
        options={STATUSES.filter((s) => s !== 'new').map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(status) => void change({ status })}
        data-testid="bulk-status"
      />
      <Select<Priority>
        placeholder={t('bulk.priority')}
        style={{ minWidth: 120 }}
        value={priority}
        options={PRIORITIES.map((p) => ({ value: p, label: p }))}
        onChange={setPriority}
        data-testid="bulk-priority"
      />
      <Button
        icon={<MergeCellsOutlined />}
        disabled={selected.length < 2}
        onClick={() => {
          setMergeInto(selected[0] ?? null);
          setMergeOpen(true);
        }}
        data-testid="bulk-merge"
      >
        {t('bulk.merge')}
      </Button>
      <Button type="link" onClick={onDone}>
        {t('bulk.clear')}
      </Button>
      <Modal
        open={priority !== null}
        title={t('bulk.priorityTitle', { priority, count: selected.length })}
        okButtonProps={{ disabled: !reason.trim(), ...{ 'data-testid': 'bulk-priority-ok' } }}
        onOk={() => {
          if (priority) void change({ priority, priorityReason: reason.trim() });
          setPriority(null);
          setReason('');
        }}
        onCancel={() => setPriority(null)}
        destroyOnHidden
      >
        <Input
          placeholder={t('bulk.priorityReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="bulk-priority-reason"
        />
      </Modal>
      <Modal
        open={mergeOpen}
        title={t('bulk.mergeTitle', { count: selected.length })}
        okText={t('bulk.merge')}
        okButtonProps={{ danger: true, ...{ 'data-testid': 'bulk-merge-ok' } }}
        confirmLoading={merge.isPending}
        onOk={() => mergeInto !== null && merge.mutate(mergeInto)}
        onCancel={() => setMergeOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('bulk.mergeExplain')}</Typography.Paragraph>
        <Radio.Group value={mergeInto} onChange={(e) => setMergeInto(e.target.value as number)}>
          <Space orientation="vertical">
            {selected.map((id) => (
              <Radio key={id} value={id}>
                {formatTicketNumber(numbers.get(id) ?? id)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Modal>
    </Flex>
  );
}
