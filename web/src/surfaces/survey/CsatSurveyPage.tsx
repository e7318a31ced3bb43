import { Alert, Card, Descriptions, Result, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAnswerCsatSurvey, useCsatSurvey } from '../../entities/feedback/api.ts';
import { CsatForm } from '../../features/csat/CsatForm.tsx';
import { isApiError } from '../../shared/api/client.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

/** Why a link does not work, in words. */
function LinkProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = isApiError(error) ? error.code : '';
  if (code === 'survey.already_answered') {
    return (
      <Result status="success" title={t('feedback.csat.public.answered')} data-testid="survey-answered" />
    );
  }
  const title =
    code === 'survey.expired' ? t('feedback.csat.public.expired') : t('feedback.csat.public.invalid');
  return <Result status="warning" title={title} data-testid="survey-invalid" />;
}

/** /survey/:token — the emailed satisfaction survey; no sign-in (FB-3). */
export default function CsatSurveyPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const survey = useCsatSurvey(token);
  const answer = useAnswerCsatSurvey(token);
  const locale = survey.data?.locale;
  useEffect(() => {
    // The page speaks the requester's language, as the mail did.
    if (locale && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);

  let body: React.ReactNode;
  if (survey.isPending) body = <PageLoading />;
  else if (survey.error) body = <LinkProblem error={survey.error} />;
  else if (answer.isSuccess)
    body = <Result status="success" title={t('feedback.csat.thanks')} data-testid="survey-thanks" />;
  else if (answer.error && isApiError(answer.error) && answer.error.code.startsWith('survey.'))
    body = <LinkProblem error={answer.error} />;
  else {
    const view = survey.data;
    body = (
      <>
        <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label="">
            <Typography.Text strong>
              {t('feedback.csat.public.ticket', { number: view.ticket.number, subject: view.ticket.subject })}
            </Typography.Text>
          </Descriptions.Item>
          {view.ticket.assigneeName && (
            <Descriptions.Item label="">
              {t('feedback.csat.public.handledBy', { name: view.ticket.assigneeName })}
            </Descriptions.Item>
          )}
        </Descriptions>
        {view.resolution && (
          <Alert
            type="info"
            style={{ marginBottom: 16 }}
            title={`${t('feedback.resolution.code')}: ${view.resolution.resolutionLabel}`}
            description={
              <div style={{ whiteSpace: 'pre-wrap' }}>
                <div>
                  {t('feedback.resolution.rootCause')}: {view.resolution.rootCause}
                </div>
                <div>
                  {t('feedback.resolution.actions')}: {view.resolution.actions}
                </div>
                <div>
                  {t('feedback.resolution.prevention')}: {view.resolution.prevention}
                </div>
              </div>
            }
          />
        )}
        <ErrorAlert error={answer.error} />
        <CsatForm pending={answer.isPending} onSubmit={(input) => answer.mutate(input)} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('feedback.csat.public.expires', { at: formatDateTime(view.expiresAt) })}
        </Typography.Paragraph>
      </>
    );
  }
  return (
    <div style={{ maxWidth: 720, margin: '40px auto', padding: 16 }}>
      <Card title={t('feedback.csat.public.title')}>{body}</Card>
    </div>
  );
}
