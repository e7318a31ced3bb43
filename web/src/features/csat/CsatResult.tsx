import { Descriptions, Flex, Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CsatResultDto } from '../../../../contracts/surveys.ts';
import { formatDateTime } from '../../shared/lib/format.ts';

/** A rating as given: the score, the four dimensions, the comment and how it came in. */
export function CsatResult({ csat }: { csat: CsatResultDto }) {
  const { t } = useTranslation();
  if (csat.score === null) {
    return (
      <Typography.Text type="secondary">
        {csat.pending ? t('feedback.csat.none') : t('feedback.csat.noSurvey')}
      </Typography.Text>
    );
  }
  const dims = csat.dimensions;
  return (
    <Flex vertical gap={8} data-testid="csat-result">
      <Flex align="center" gap={8}>
        <Rate disabled value={csat.score} />
        <Typography.Text strong>{t('feedback.csat.rated', { score: csat.score })}</Typography.Text>
      </Flex>
      {dims && (
        <Descriptions size="small" column={2}>
          {(['speed', 'attitude', 'effectiveness'] as const).map((d) => (
            <Descriptions.Item key={d} label={t(`feedback.csat.${d}`)}>
              {dims[d] ?? '—'}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {csat.comment && <Typography.Paragraph style={{ margin: 0 }}>“{csat.comment}”</Typography.Paragraph>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {csat.source ? t(`feedback.csat.source.${csat.source}`) : ''} · {formatDateTime(csat.respondedAt)}
      </Typography.Text>
    </Flex>
  );
}
