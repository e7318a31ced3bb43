import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChangeFigures } from '../../../../contracts/changes.ts';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

/** The change figures of a period (weekly report): success rate, emergency share, incidents caused. */
export function ChangeFiguresCard({ figures }: { figures: ChangeFigures }) {
  const { t } = useTranslation();
  const items: [string, string | number][] = [
    [t('changes.report.implemented'), figures.implemented],
    [t('changes.report.successRate'), percent(figures.successRate)],
    [t('changes.report.failed'), figures.failed],
    [t('changes.report.rolledBack'), figures.rolledBack],
    [t('changes.report.created'), figures.created],
    [t('changes.report.emergencyShare'), percent(figures.emergencyShare)],
    [t('changes.report.caused'), figures.incidentsCausedByChanges],
  ];
  return (
    <Card size="small" title={t('changes.report.title')} data-testid="weekly-changes">
      <Row gutter={[16, 16]}>
        {items.map(([label, value]) => (
          <Col key={label} xs={12} md={6}>
            <Statistic title={label} value={value} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
