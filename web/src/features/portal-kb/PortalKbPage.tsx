import { Button, Card, Empty, Flex, Input, List, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useArticles, useSearch } from '../../entities/article/api.ts';
import { Snippet } from '../../entities/article/Snippet.tsx';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/** 知识库 for requesters: search, and every published public article. */
export default function PortalKbPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text.trim() !== q) setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
    }, 400);
    return () => clearTimeout(timer);
  }, [text, q, setParams]);
  const search = useSearch(q, 'articles', 20);
  const list = useArticles({});
  const searching = q.trim().length >= 2;
  const articleLink = (id: number) =>
    searching ? `/portal/kb/${id}?q=${encodeURIComponent(q)}` : `/portal/kb/${id}`;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('portalKb.title')}
      </Typography.Title>
      <Input.Search
        allowClear
        size="large"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('portalKb.searchPlaceholder')}
        data-testid="portal-kb-search"
      />
      <ErrorAlert error={searching ? search.error : list.error} />
      <Card size="small" title={searching ? t('portalKb.results') : t('portalKb.all')}>
        {searching ? (
          <List
            loading={search.isLoading}
            dataSource={search.data?.items ?? []}
            locale={{
              emptyText: (
                <Empty description={t('portalKb.noResults')}>
                  <Link to="/portal/new">
                    <Button type="primary" data-testid="kb-no-results-new-ticket">
                      {t('portalKb.newTicket')}
                    </Button>
                  </Link>
                </Empty>
              ),
            }}
            renderItem={(item) => (
              <List.Item data-testid="portal-kb-result">
                <List.Item.Meta
                  title={<Link to={articleLink(item.id)}>{item.title}</Link>}
                  description={<Snippet html={item.snippet} />}
                />
              </List.Item>
            )}
          />
        ) : (
          <List
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('portalKb.empty')} /> }}
            renderItem={(item) => (
              <List.Item data-testid="portal-kb-article">
                <List.Item.Meta
                  title={<Link to={articleLink(item.id)}>{item.title}</Link>}
                  description={
                    <Typography.Text type="secondary">
                      {[item.category, formatDateTime(item.publishedAt ?? item.updatedAt)]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}
