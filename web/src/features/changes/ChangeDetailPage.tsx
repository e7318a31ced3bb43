import { Breadcrumb, Card, Col, Descriptions, Flex, Grid, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';
import { useChange } from './api.ts';
import { ChangeEditor } from './ChangeEditor.tsx';
import { ConflictsCard, RiskCard, TicketsCard, WorkflowCard } from './ChangePanels.tsx';
import { ChangeRiskTag, ChangeStatusTag, ChangeTypeTag } from './ChangeTags.tsx';

/** One change: its editor while not yet approved, its risk, conflicts, approval and next steps. */
export default function ChangeDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const changeId = id === 'new' ? null : Number(id);
  const change = useChange(changeId);
  // On a phone the labels go above their values: side by side, a long plan or item name pushed
  // the table past the screen's edge.
  const narrow = Grid.useBreakpoint().sm !== true;
  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { title: <Link to="/agent/changes">{t('changes.title')}</Link> },
        { title: change.data ? `#${change.data.id}` : t('changes.new') },
      ]}
    />
  );
  if (changeId === null)
    return (
      <>
        {crumbs}
        <Card title={t('changes.new')}>
          <ChangeEditor problemId={Number(params.get('problemId')) || undefined} />
        </Card>
      </>
    );
  if (change.error) return <ErrorAlert error={change.error} />;
  if (!change.data) return <PageLoading />;
  const c = change.data;
  const editable = c.status === 'draft' || c.status === 'submitted';
  return (
    <>
      {crumbs}
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={4}
          style={{ margin: 0, overflowWrap: 'anywhere' }}
          data-testid="change-heading"
        >
          #{c.id} {c.title}
        </Typography.Title>
        <ChangeTypeTag type={c.type} />
        <ChangeStatusTag status={c.status} />
        <ChangeRiskTag risk={c.risk} />
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            {editable ? (
              <ChangeEditor key={c.updatedAt} change={c} />
            ) : (
              <Descriptions
                size="small"
                column={1}
                bordered
                layout={narrow ? 'vertical' : 'horizontal'}
                style={{ overflowWrap: 'anywhere' }}
              >
                <Descriptions.Item label={t('changes.field.window')}>
                  {formatDateTime(c.plannedStart)} – {formatDateTime(c.plannedEnd)}
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.impact')}>
                  {t(`changes.impact.${c.impact}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.description')}>
                  {c.description || '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.implementationPlan')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{c.implementationPlan || '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.rollbackPlan')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{c.rollbackPlan || '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.testPlan')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{c.testPlan || '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.assets')}>
                  {c.assets.length > 0 ? (
                    <Space size={[4, 4]} wrap>
                      {c.assets.map((a) => (
                        <Tag key={a.id} data-testid="change-asset" style={{ whiteSpace: 'normal' }}>
                          {a.name} · {t(`changes.criticality.${a.criticality}`)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('changes.field.problem')}>
                  {c.problem ? (
                    <Link to={`/agent/problem-management/${c.problem.id}`} data-testid="change-problem">
                      #{c.problem.id} {c.problem.title}
                    </Link>
                  ) : (
                    '—'
                  )}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <WorkflowCard change={c} />
            <ConflictsCard change={c} />
            <RiskCard change={c} />
            <TicketsCard change={c} />
          </Flex>
        </Col>
      </Row>
    </>
  );
}
