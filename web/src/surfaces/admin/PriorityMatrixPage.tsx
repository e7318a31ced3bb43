import { App, Button, Card, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Level, Priority, PriorityMatrix } from '../../../../contracts/tickets.ts';
import { usePriorityMatrix, useSavePriorityMatrix } from '../../entities/settings/api.ts';
import { LEVELS, ticketOptions } from '../../entities/ticket/options.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

type Row = { impact: Level };
type Draft = Partial<Record<Level, Partial<Record<Level, Priority>>>>;

/** The draft as a matrix the server accepts, or null while a cell is empty. */
function complete(draft: Draft): PriorityMatrix | null {
  const rows: Partial<PriorityMatrix> = {};
  for (const impact of LEVELS) {
    const row = draft[impact];
    const high = row?.high;
    const medium = row?.medium;
    const low = row?.low;
    if (!high || !medium || !low) return null;
    rows[impact] = { high, medium, low };
  }
  const { high, medium, low } = rows;
  return high && medium && low ? { high, medium, low } : null;
}

/** Impact x urgency -> P1..P4 (CL-3): a 3x3 grid, saved as a whole. */
export default function PriorityMatrixPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const matrix = usePriorityMatrix();
  const save = useSavePriorityMatrix();
  // Null until the admin changes a cell: the grid shows the saved matrix until then.
  const [edits, setEdits] = useState<Draft | null>(null);
  const draft: Draft = edits ?? matrix.data ?? {};

  if (matrix.isPending) return <PageLoading />;
  if (matrix.isError) return <ErrorAlert error={matrix.error} />;

  const cell = (impact: Level, urgency: Level): Priority | undefined => draft[impact]?.[urgency];
  const setCell = (impact: Level, urgency: Level, priority: Priority) =>
    setEdits({ ...draft, [impact]: { ...draft[impact], [urgency]: priority } });
  const matrixToSave = complete(draft);

  const columns: TableColumnsType<Row> = [
    {
      key: 'impact',
      title: `${t('ticket.impact')} \\ ${t('ticket.urgency')}`,
      render: (_, row) => <Typography.Text strong>{t(`impact.${row.impact}`)}</Typography.Text>,
    },
    ...LEVELS.map((urgency) => ({
      key: urgency,
      title: t(`urgency.${urgency}`),
      render: (_: unknown, row: Row) => (
        <Select<Priority>
          value={cell(row.impact, urgency)}
          options={ticketOptions.priority()}
          onChange={(priority) => setCell(row.impact, urgency, priority)}
          style={{ width: 90 }}
          data-testid={`matrix-${row.impact}-${urgency}`}
        />
      ),
    })),
  ];

  return (
    <Card title={t('admin.menu.priorityMatrix')}>
      <Typography.Paragraph type="secondary">{t('admin.matrix.hint')}</Typography.Paragraph>
      <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
      <Table<Row>
        rowKey="impact"
        columns={columns}
        dataSource={LEVELS.map((impact) => ({ impact }))}
        pagination={false}
        bordered
        data-testid="priority-matrix"
      />
      <Space style={{ marginTop: 16 }}>
        <Button
          type="primary"
          disabled={!matrixToSave}
          loading={save.isPending}
          onClick={() =>
            matrixToSave &&
            save.mutate(matrixToSave, {
              onSuccess: () => {
                setEdits(null);
                message.success(t('admin.matrix.saved'));
              },
              onError: (error) => message.error(errorText(t, error)),
            })
          }
          data-testid="matrix-save"
        >
          {t('common.save')}
        </Button>
        <Button onClick={() => setEdits(null)} disabled={!edits}>
          {t('common.reset')}
        </Button>
      </Space>
    </Card>
  );
}
