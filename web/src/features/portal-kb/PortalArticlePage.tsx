import { ArrowLeftOutlined, DislikeOutlined, LikeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useArticle, useArticleFeedback } from '../../entities/article/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { ArticleBody } from '../kb-article/ArticleBody.tsx';

/** One published article for a requester: its four sections and "was this helpful?". */
export default function PortalArticlePage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const query = (params.get('q') ?? '').trim().slice(0, 500);
  const article = useArticle(id, Number.isInteger(id) && id > 0);
  const feedback = useArticleFeedback(id);
  const [voted, setVoted] = useState<boolean | null>(null);

  const vote = (helpful: boolean) =>
    feedback.mutate(
      { helpful, context: 'article', ...(query ? { query } : {}) },
      { onSuccess: () => setVoted(helpful) },
    );

  if (article.isLoading) return <PageLoading />;
  return (
    <Flex vertical gap={16}>
      <Link to={query ? `/portal/kb?q=${encodeURIComponent(query)}` : '/portal/kb'}>
        <ArrowLeftOutlined /> {t('portalKb.back')}
      </Link>
      <ErrorAlert error={article.error} />
      {article.data && (
        <Card title={<span data-testid="portal-article-title">{article.data.title}</span>}>
          <ArticleBody article={article.data} />
          <Flex vertical gap={8} style={{ marginTop: 16 }} data-testid="article-feedback">
            {voted === null ? (
              <Space wrap>
                <Typography.Text>{t('portalKb.helpfulQuestion')}</Typography.Text>
                <Button
                  icon={<LikeOutlined />}
                  loading={feedback.isPending}
                  onClick={() => vote(true)}
                  data-testid="article-helpful"
                >
                  {t('portalKb.helpful')}
                </Button>
                <Button
                  icon={<DislikeOutlined />}
                  loading={feedback.isPending}
                  onClick={() => vote(false)}
                  data-testid="article-unhelpful"
                >
                  {t('portalKb.notHelpful')}
                </Button>
              </Space>
            ) : (
              <Alert
                type={voted ? 'success' : 'info'}
                showIcon
                title={voted ? t('portalKb.thanks') : t('portalKb.sorry')}
                action={
                  voted ? undefined : (
                    <Link to="/portal/new">
                      <Button size="small">{t('portalKb.newTicket')}</Button>
                    </Link>
                  )
                }
              />
            )}
            <ErrorAlert error={feedback.error} />
          </Flex>
        </Card>
      )}
    </Flex>
  );
}
