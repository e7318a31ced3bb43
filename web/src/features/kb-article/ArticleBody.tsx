import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleDto } from '../../../../contracts/knowledge.ts';

/** An article's four sections (KB-1), as written: steps keep their line breaks. */
export function ArticleBody({ article }: { article: ArticleDto }) {
  const { t } = useTranslation();
  const sections = [
    ['problem', article.problem],
    ['cause', article.cause],
    ['solution', article.solution],
    ['prevention', article.prevention],
  ] as const;
  return (
    <Flex vertical gap={8} data-testid="article-body">
      <Flex gap={4} wrap>
        {article.category && <Tag color="blue">{article.category}</Tag>}
        {article.tags.map((tag) => (
          <Tag key={tag}>{tag}</Tag>
        ))}
      </Flex>
      {sections.map(([key, text]) =>
        text ? (
          <div key={key}>
            <Typography.Title level={5}>{t(`kb.section.${key}`)}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>
          </div>
        ) : null,
      )}
    </Flex>
  );
}
