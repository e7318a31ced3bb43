import { Card, Result, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAnswerNpsSurvey, useNpsSurvey } from '../../entities/feedback/api.ts';
import { NpsForm } from '../../features/csat/NpsForm.tsx';
import { isApiError } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

/** /survey/nps/:token — the emailed NPS question; no sign-in. */
export default function NpsSurveyPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const survey = useNpsSurvey(token);
  const answer = useAnswerNpsSurvey(token);
  const locale = survey.data?.locale;
  useEffect(() => {
    if (locale && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  const problem = (error: unknown) => {
    const code = isApiError(error) ? error.code : '';
    if (code === 'survey.already_answered')
      return <Result status="success" title={t('feedback.csat.public.answered')} />;
    return (
      <Result
        status="warning"
        title={
          code === 'survey.expired' || code === 'survey.campaign_closed'
            ? t('feedback.csat.public.expired')
            : t('feedback.csat.public.invalid')
        }
      />
    );
  };
  let body: React.ReactNode;
  if (survey.isPending) body = <PageLoading />;
  else if (survey.error) body = problem(survey.error);
  else if (answer.isSuccess) body = <Result status="success" title={t('feedback.nps.thanks')} />;
  else
    body = (
      <>
        <Typography.Title level={5}>{survey.data.campaign}</Typography.Title>
        <ErrorAlert error={answer.error} />
        <NpsForm
          question={survey.data.question}
          pending={answer.isPending}
          onSubmit={(input) => answer.mutate(input)}
        />
      </>
    );
  return (
    <div style={{ maxWidth: 720, margin: '40px auto', padding: 16 }}>
      <Card title={t('feedback.nps.title')}>{body}</Card>
    </div>
  );
}
