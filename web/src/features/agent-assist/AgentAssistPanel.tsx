import { EnterOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ArticleDto } from '../../../../contracts/knowledge.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useLinkArticle, useSearch, useSimilarTickets } from '../../entities/article/api.ts';
import { Snippet } from '../../entities/article/Snippet.tsx';
import { api } from '../../shared/api/client.ts';
import { insertIntoReply } from '../../shared/lib/reply-insert.ts';

/** ES-5 in the agent view: articles that match the ticket, and similar past tickets. */
export function AgentAssistPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const articles = useSearch(`${ticket.subject}\n${ticket.description}`.slice(0, 500), 'articles', 5);
  const similar = useSimilarTickets(ticket.id, 5);
  const link = useLinkArticle(ticket.id);

  const insert = async (id: number) => {
    const article = await api.get(ArticleDto, `/kb/articles/${id}`);
    insertIntoReply(ticket.id, `${article.title}\n${article.solution}`);
    link.mutate(id, { onSuccess: () => message.success(t('kb.assist.inserted')) });
  };

  return (
    <>
      <Card size="small" title={t('kb.assist.articles')} data-testid="assist-articles">
        {articles.data?.items.length ? (
          <List
            size="small"
            dataSource={articles.data.items}
            renderItem={(item) => (
              <List.Item
                actions={[
                  <Button
                    key="insert"
                    size="small"
                    icon={<EnterOutlined />}
                    onClick={() => void insert(item.id)}
                    data-testid="assist-insert"
                  >
                    {t('kb.assist.insert')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={<Link to={`/agent/kb/${item.id}`}>{item.title}</Link>}
                  description={<Snippet html={item.snippet} />}
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.assist.noArticles')} />
        )}
      </Card>
      <Card size="small" title={t('kb.assist.similar')} data-testid="similar-tickets">
        {similar.data?.items.length ? (
          <List
            size="small"
            dataSource={similar.data.items}
            renderItem={(item) => (
              <List.Item data-testid="similar-ticket">
                <List.Item.Meta
                  title={
                    <Link to={`/agent/tickets/${item.id}`}>
                      #{item.number} {item.subject}
                    </Link>
                  }
                  description={
                    <>
                      <Tag>{t(`status.${item.status}`, { defaultValue: item.status })}</Tag>
                      {item.snippet && <Snippet html={item.snippet} />}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{t('kb.assist.noSimilar')}</Typography.Text>
        )}
      </Card>
    </>
  );
}
