import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FulfilmentTaskDto } from '../../../../contracts/catalog.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useCompleteTask, useServiceRequest } from './api.ts';
import { localized } from './text.ts';

const TASK_COLOR = { waiting: 'default', open: 'processing', done: 'success' } as const;

function TaskRow({
  task,
  canWork,
  ticketId,
}: {
  task: FulfilmentTaskDto;
  canWork: boolean;
  ticketId: number;
}) {
  const { t } = useTranslation();
  const complete = useCompleteTask(ticketId);
  return (
    <List.Item
      data-testid={`catalog-task-${task.position}`}
      actions={
        canWork && task.status === 'open'
          ? [
              <Button
                key="done"
                size="small"
                icon={<CheckOutlined />}
                loading={complete.isPending}
                onClick={() => complete.mutate(task.id)}
                data-testid={`catalog-task-done-${task.position}`}
              >
                {t('catalog.tasks.markDone')}
              </Button>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={
          <>
            {task.title} <Tag color={TASK_COLOR[task.status]}>{t(`catalog.tasks.status.${task.status}`)}</Tag>
          </>
        }
        description={
          <>
            {task.teamName ?? ''}
            {task.doneAt ? ` · ${formatDateTime(task.doneAt)}` : ''}
            <ErrorAlert error={complete.error} />
          </>
        }
      />
    </List.Item>
  );
}

/** The catalog request a ticket carries: the answers as the form labelled them and the tasks. */
export function ServiceRequestCard({ ticketId, canWork }: { ticketId: number; canWork: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const request = useServiceRequest(ticketId);
  const data = request.data;
  if (!data) return request.error ? <ErrorAlert error={request.error} /> : null;
  return (
    <Card
      size="small"
      title={t('catalog.card.title', { item: localized(data.itemName, lang) })}
      extra={<Tag data-testid="catalog-request-status">{t(`catalog.card.status.${data.status}`)}</Tag>}
      data-testid="service-request-card"
    >
      {data.answers.length > 0 && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          {data.answers.map((answer) => (
            <Descriptions.Item key={answer.key} label={localized(answer.label, lang)}>
              {localized(answer.text, lang)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      <Typography.Text strong>{t('catalog.tasks.title')}</Typography.Text>
      <List
        size="small"
        dataSource={data.tasks}
        locale={{
          emptyText: t(
            data.status === 'awaiting_approval' ? 'catalog.tasks.afterApproval' : 'catalog.tasks.none',
          ),
        }}
        renderItem={(task) => <TaskRow task={task} canWork={canWork} ticketId={ticketId} />}
      />
    </Card>
  );
}
