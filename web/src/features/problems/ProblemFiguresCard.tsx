import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProblemFigures } from '../../../../contracts/problems.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useProblemFigures } from './api.ts';

/** Problem management in the reports: open problems by age, known errors, opened and resolved. */
export function ProblemFiguresView({ figures, period }: { figures: ProblemFigures; period: string }) {
  const { t } = useTranslation();
  const cells: [string, number, string][] = [
    [t('problems.report.open'), figures.open, 'open'],
    ...figures.ageBuckets.map((b): [string, number, string] => [
      t(`problems.report.age.${b.bucket}`),
      b.count,
      b.bucket,
    ]),
    [t('problems.report.knownErrors'), figures.knownErrors, 'known-errors'],
    [t('problems.report.knownErrorArticles'), figures.knownErrorArticles, 'known-error-articles'],
    [t('problems.report.opened', { period }), figures.opened, 'opened'],
    [t('problems.report.resolved', { period }), figures.resolved, 'resolved'],
  ];
  return (
    <Card
      size="small"
      title={t('problems.report.title')}
      extra={<Link to="/agent/problem-management">{t('problems.mgmt.nav')}</Link>}
      data-testid="problem-figures"
    >
      <Row gutter={[12, 12]}>
        {cells.map(([title, value, key]) => (
          <Col key={key} xs={12} md={6} xl={6} xxl={3}>
            <Statistic title={title} value={value} data-testid={`problem-figure-${key}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** On the dashboard: the figures of the last 30 days. */
export function ProblemFiguresCard() {
  const { t } = useTranslation();
  const figures = useProblemFigures();
  if (figures.error) return <ErrorAlert error={figures.error} />;
  if (!figures.data) return null;
  return (
    <>
      <ProblemFiguresView figures={figures.data} period={t('problems.report.last30')} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('problems.report.hint')}
      </Typography.Text>
    </>
  );
}
