import { DislikeOutlined, LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, List, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ArticleStatus, ArticleSummaryDto } from '../../../../contracts/knowledge.ts';
import { useArticles, useKnowledgeStats, useSearch } from '../../entities/article/api.ts';
import { Snippet } from '../../entities/article/Snippet.tsx';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const STATUS_COLOR: Record<ArticleStatus, string> = {
  draft: 'default',
  review: 'gold',
  published: 'green',
  archived: 'default',
};

/** 知识库: every article with its state, the ones flagged for review, and search. */
export default function KnowledgeListPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<string>('all');
  const [q, setQ] = useState('');
  const filters: Record<string, string> =
    filter === 'flagged' ? { flagged: 'true' } : filter === 'all' ? {} : { status: filter };
  const list = useArticles(filters);
  const search = useSearch(q, 'articles', 10);
  const stats = useKnowledgeStats();

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('kb.title')}
        </Typography.Title>
        <Link to="/agent/kb/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="kb-new">
            {t('kb.new')}
          </Button>
        </Link>
      </Flex>
      {stats.data && (
        <Card size="small">
          <Space size="large" wrap>
            <Statistic title={t('kb.stats.deflections')} value={stats.data.deflections} />
            <Statistic title={t('kb.stats.flagged')} value={stats.data.flagged} />
            <Statistic
              title={t('kb.stats.captureInTime')}
              value={stats.data.capture.capturedInTime}
              suffix={`/ ${stats.data.capture.tracked}`}
            />
            <Statistic title={t('kb.stats.captureOverdue')} value={stats.data.capture.overdue} />
          </Space>
        </Card>
      )}
      <Input.Search
        placeholder={t('kb.searchPlaceholder')}
        allowClear
        onSearch={setQ}
        onChange={(e) => !e.target.value && setQ('')}
        data-testid="kb-search"
      />
      {q ? (
        <Card size="small">
          <List
            dataSource={search.data?.items ?? []}
            loading={search.isFetching}
            renderItem={(item) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/agent/kb/${item.id}`}>{item.title}</Link>}
                  description={<Snippet html={item.snippet} />}
                />
              </List.Item>
            )}
          />
        </Card>
      ) : (
        <>
          <Segmented
            value={filter}
            onChange={(value) => setFilter(String(value))}
            options={[
              { value: 'all', label: t('kb.filter.all') },
              { value: 'draft', label: t('kb.status.draft') },
              { value: 'review', label: t('kb.status.review') },
              { value: 'published', label: t('kb.status.published') },
              { value: 'archived', label: t('kb.status.archived') },
              { value: 'flagged', label: t('kb.filter.flagged') },
            ]}
          />
          <ErrorAlert error={list.error} />
          <Table<ArticleSummaryDto>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            pagination={{ pageSize: 20 }}
            columns={[
              {
                title: t('kb.field.title'),
                dataIndex: 'title',
                render: (title: string, row) => <Link to={`/agent/kb/${row.id}`}>{title}</Link>,
              },
              {
                title: t('kb.field.status'),
                dataIndex: 'status',
                render: (status: ArticleStatus, row) => (
                  <Space>
                    <Tag color={STATUS_COLOR[status]}>{t(`kb.status.${status}`)}</Tag>
                    {row.flaggedReason && <Tag color="red">{t(`kb.flag.${row.flaggedReason}`)}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('kb.field.visibility'),
                dataIndex: 'visibility',
                render: (v: 'public' | 'internal') => t(`kb.visibility.${v}`),
              },
              { title: t('kb.field.category'), dataIndex: 'category' },
              {
                title: t('kb.field.rating'),
                render: (_, row) => (
                  <Space size={12}>
                    <span>
                      <LikeOutlined /> {row.helpfulCount}
                    </span>
                    <span>
                      <DislikeOutlined /> {row.unhelpfulCount}
                    </span>
                  </Space>
                ),
              },
              { title: t('kb.field.version'), dataIndex: 'version' },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
