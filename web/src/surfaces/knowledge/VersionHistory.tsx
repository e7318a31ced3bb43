import { Card, Empty, Flex, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArticleDiff, useArticleVersions } from '../../entities/article/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';

/** The versions of an article and what changed between any two of them. */
export function VersionHistory({ articleId }: { articleId: number }) {
  const { t } = useTranslation();
  const versions = useArticleVersions(articleId);
  const items = versions.data?.items ?? [];
  const [range, setRange] = useState<[number, number]>([1, 1]);
  useEffect(() => {
    const last = items.at(-1)?.version ?? 1;
    setRange([Math.max(1, last - 1), last]);
  }, [items]);
  const diff = useArticleDiff(articleId, range[0], range[1], range[0] !== range[1]);
  const options = items.map((v) => ({
    value: v.version,
    label: `v${v.version} · ${t(`kb.status.${v.status as 'draft'}`)} · ${formatDateTime(v.createdAt)}`,
  }));
  return (
    <Card size="small" title={t('kb.versions')} data-testid="kb-versions">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ minWidth: 260 }}
          value={range[0]}
          options={options}
          onChange={(v) => setRange([v, range[1]])}
        />
        →
        <Select
          style={{ minWidth: 260 }}
          value={range[1]}
          options={options}
          onChange={(v) => setRange([range[0], v])}
        />
      </Flex>
      {diff.data?.fields.length ? (
        diff.data.fields.map((field) => (
          <div key={field.field} style={{ marginBottom: 12 }}>
            <Typography.Text strong>{t(`kb.diffField.${field.field as 'title'}`)}</Typography.Text>
            <div style={{ whiteSpace: 'pre-wrap', border: '1px solid #f0f0f0', padding: 8, borderRadius: 6 }}>
              {field.parts.map((part, i) => (
                <span
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity but their order
                  key={i}
                  style={
                    part.op === 'insert'
                      ? { background: '#d9f7be' }
                      : part.op === 'delete'
                        ? { background: '#ffccc7', textDecoration: 'line-through' }
                        : undefined
                  }
                >
                  {part.text}
                </span>
              ))}
            </div>
          </div>
        ))
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.noDiff')} />
      )}
    </Card>
  );
}
