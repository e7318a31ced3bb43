import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChangeFigures } from '../../../../contracts/changes.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useChangeFigures } from './api.ts';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

/** The change figures of a period (weekly report): success rate, emergency share, incidents caused. */
export function ChangeFiguresCard({ figures, period }: { figures: ChangeFigures; period?: string }) {
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
    <Card
      size="small"
      title={period ? `${t('changes.report.title')} · ${period}` : t('changes.report.title')}
      data-testid={period ? 'dashboard-changes' : 'weekly-changes'}
    >
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

/** On the dashboard: the change figures of the last 30 days. */
export function ChangeFiguresDashboardCard() {
  const { t } = useTranslation();
  const figures = useChangeFigures();
  if (figures.error) return <ErrorAlert error={figures.error} />;
  if (!figures.data) return null;
  return <ChangeFiguresCard figures={figures.data} period={t('changes.report.last30')} />;
}
