import { LinkOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TicketDto } from '../../../../contracts/tickets.ts';
import { type PossibleDuplicate, PossibleDuplicates } from '../../../../contracts/triage.ts';
import { useAddLink } from '../../entities/ticket/api.ts';
import { SharedFieldTags } from '../../entities/ticket/SharedFieldTags.tsx';
import { StatusTag } from '../../entities/ticket/tags.tsx';
import { api } from '../../shared/api/client.ts';
import { formatTicketNumber } from '../../shared/lib/format.ts';
import { errorText } from '../../shared/ui/errors.ts';
import { MergeDialog } from './MergeDialog.tsx';

/** The possible duplicates not yet linked to the ticket (the page counts them in its section title). */
export function usePossibleDuplicates(
  ticket: TicketDto,
  enabled = true,
): { items: PossibleDuplicate[]; threshold: number | undefined } {
  const found = useQuery({
    enabled,
    queryKey: ['tickets', 'detail', ticket.id, 'possible-duplicates'],
    queryFn: ({ signal }) =>
      api.get(PossibleDuplicates, `/tickets/${ticket.id}/possible-duplicates`, undefined, signal),
  });
  const linked = new Set(ticket.links.map((link) => link.ticket.id));
  return {
    items: (found.data?.items ?? []).filter((item) => !linked.has(item.id)),
    threshold: found.data?.threshold,
  };
}

/**
 * Open tickets likely to be the same problem (the server's same-problem score, shown above the
 * threshold calibrated on the desk's own duplicate links), with what they share (error codes,
 * hosts, versions); who filed them is a separate tag. Linked in one click or merged after a
 * confirmation that shows both.
 */
export function PossibleDuplicatesPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddLink(ticket.id);
  const found = usePossibleDuplicates(ticket);
  const client = useQueryClient();
  const [mergeInto, setMergeInto] = useState<number | null>(null);
  const merge = useMutation({
    mutationFn: (intoTicketId: number) =>
      api.post(TicketDto, `/tickets/${ticket.id}/merge`, { intoTicketId }),
    onSuccess: () => {
      setMergeInto(null);
      message.success(t('duplicates.merged'));
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: (error) => message.error(errorText(t, error)),
  });
  const final = ticket.status === 'closed' || ticket.status === 'cancelled';
  const items = found.items;

  const markDuplicate = (targetId: number) =>
    add.mutate(
      { kind: 'duplicate_of', targetId },
      {
        onSuccess: () => message.success(t('duplicates.linked')),
        onError: (error) => message.error(errorText(t, error)),
      },
    );

  return (
    <Card size="small" title={t('duplicates.title')} data-testid="possible-duplicates">
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              data-testid="possible-duplicate"
              actions={[
                <Button
                  key="link"
                  size="small"
                  icon={<LinkOutlined />}
                  loading={add.isPending && add.variables?.targetId === item.id}
                  onClick={() => markDuplicate(item.id)}
                  data-testid="duplicate-link"
                >
                  {t('duplicates.link')}
                </Button>,
                ...(final
                  ? []
                  : [
                      <Button
                        key="merge"
                        size="small"
                        icon={<MergeCellsOutlined />}
                        onClick={() => setMergeInto(item.id)}
                        data-testid="duplicate-merge"
                      >
                        {t('duplicates.merge')}
                      </Button>,
                    ]),
              ]}
            >
              <List.Item.Meta
                title={
                  <Link to={`/agent/tickets/${item.id}`}>
                    {formatTicketNumber(item.number)} {item.subject}
                  </Link>
                }
                description={
                  <Space size={4} wrap>
                    <StatusTag status={item.status} />
                    <Tag>{t(`duplicates.reason.${item.reason}`)}</Tag>
                    {item.sameOrganisation && <Tag>{t('duplicates.sameOrganisation')}</Tag>}
                    {item.sameProblem !== undefined && (
                      <Tag color="geekblue" data-testid="duplicate-same-problem">
                        {t('duplicates.sameProblem', { percent: Math.round(item.sameProblem * 100) })}
                      </Tag>
                    )}
                    {item.similarity !== undefined && (
                      <Tag color="blue" data-testid="duplicate-similarity">
                        {t('duplicates.similarity', { percent: Math.round(item.similarity * 100) })}
                      </Tag>
                    )}
                    {item.sharedFields && <SharedFieldTags fields={item.sharedFields} />}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('duplicates.none')}</Typography.Text>
      )}
      {found.threshold !== undefined && found.threshold > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('duplicates.thresholdHint', { percent: Math.round(found.threshold * 100) })}
        </Typography.Paragraph>
      )}
      <MergeDialog
        ticket={ticket}
        intoTicketId={mergeInto}
        pending={merge.isPending}
        onConfirm={(id) => merge.mutate(id)}
        onClose={() => setMergeInto(null)}
      />
    </Card>
  );
}
