import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProblemSharedFields, SharedTicketFields } from '../../../../contracts/triage.ts';

const ORDER = ['codes', 'hosts', 'versions', 'refs', 'categories', 'organisations', 'environments'] as const;

/**
 * What tickets have in common beyond words (issue 16): error codes, hosts, versions, report
 * numbers and, for problem candidates, category, organisation and environment. Each value is
 * a tag labelled with its kind ("错误代码 0x800ccc0e").
 */
export function SharedFieldTags({
  fields,
  testId = 'shared-fields',
}: {
  fields: SharedTicketFields | ProblemSharedFields;
  testId?: string;
}) {
  const { t } = useTranslation();
  const entries = ORDER.flatMap((kind) => {
    const values = (fields as Partial<Record<(typeof ORDER)[number], string[]>>)[kind] ?? [];
    return values.map((value) => ({ kind, value }));
  });
  if (!entries.length) return null;
  return (
    <Space size={4} wrap data-testid={testId}>
      <Typography.Text type="secondary">{t('duplicates.sharedLabel')}</Typography.Text>
      {entries.map(({ kind, value }) => (
        <Tag key={`${kind}:${value}`} color="purple" data-testid={`shared-${kind}`}>
          {t(`duplicates.shared.${kind}`)} {value}
        </Tag>
      ))}
    </Space>
  );
}
