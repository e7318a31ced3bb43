import { BulbOutlined, CheckOutlined } from '@ant-design/icons';
import { Button, Card, Flex, List, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArticle, useSearch, useSolvedBy } from '../../entities/article/api.ts';
import { Snippet } from '../../entities/article/Snippet.tsx';
import { ArticleBody } from '../kb-article/ArticleBody.tsx';

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

type Props = {
  /** What the requester has typed so far. */
  text: string;
  /** The article solved the problem: the form ends without a ticket. */
  onSolved: (title: string) => void;
  /** Keep the panel's place while there is nothing to suggest (beside the form, so it never jumps). */
  placeholder?: boolean;
};

/** IN-3: while a requester writes, matching help articles; "this solved my problem" needs no ticket. */
export function DeflectionPanel({ text, onSolved, placeholder = false }: Props) {
  const { t } = useTranslation();
  const query = useDebounced(text, 400);
  const search = useSearch(query, 'articles', 5);
  const solved = useSolvedBy();
  const [open, setOpen] = useState<number | null>(null);
  const article = useArticle(open ?? 0, open !== null);
  const items = search.data?.items ?? [];
  if (!items.length) {
    if (!placeholder) return null;
    return (
      <Card size="small" data-testid="deflection-placeholder">
        <Typography.Text type="secondary">
          <BulbOutlined /> {t('intake.suggestionsHere')}
        </Typography.Text>
      </Card>
    );
  }

  const markSolved = (articleId: number, title: string) =>
    solved.mutate(
      { articleId, helpful: true, query: query.slice(0, 500), context: 'portal_form' },
      { onSuccess: () => onSolved(title) },
    );

  return (
    <Card
      size="small"
      title={
        <span>
          <BulbOutlined /> {t('kb.deflection.title')}
        </span>
      }
      data-testid="deflection-panel"
    >
      <Typography.Paragraph type="secondary">{t('kb.deflection.hint')}</Typography.Paragraph>
      <List
        dataSource={items}
        renderItem={(item) => (
          <List.Item data-testid="deflection-article" style={{ display: 'block' }}>
            {/* Title and excerpt first, the buttons under them: the panel may be a narrow column. */}
            <Typography.Text strong>{item.title}</Typography.Text>
            <Snippet html={item.snippet} />
            <Flex gap={8} wrap style={{ marginTop: 6 }}>
              <Button size="small" onClick={() => setOpen(item.id)}>
                {t('kb.deflection.read')}
              </Button>
              <Button
                size="small"
                icon={<CheckOutlined />}
                loading={solved.isPending}
                onClick={() => markSolved(item.id, item.title)}
                data-testid="deflection-solved"
              >
                {t('kb.deflection.solved')}
              </Button>
            </Flex>
          </List.Item>
        )}
      />
      <Modal
        open={open !== null}
        onCancel={() => setOpen(null)}
        title={article.data?.title}
        width={760}
        footer={
          <Flex justify="end" gap={8}>
            <Button onClick={() => setOpen(null)}>{t('kb.deflection.notSolved')}</Button>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={() => article.data && markSolved(article.data.id, article.data.title)}
              data-testid="deflection-solved-modal"
            >
              {t('kb.deflection.solved')}
            </Button>
          </Flex>
        }
      >
        {article.data && <ArticleBody article={article.data} />}
      </Modal>
    </Card>
  );
}
