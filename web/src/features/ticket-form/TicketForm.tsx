import { Button, Card, Col, DatePicker, Form, Input, Radio, Row, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateTicketInput, Level, TicketType } from '../../../../contracts/tickets.ts';
import { CATEGORY_PATH } from '../../entities/category/tree.ts';
import { ticketOptions } from '../../entities/ticket/options.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';
import { FilePicker } from '../../shared/ui/FilePicker.tsx';
import { CategoryInput } from './CategoryInput.tsx';

export type TicketFormValues = {
  type: TicketType;
  category?: string;
  subject: string;
  description: string;
  errorCode?: string;
  occurredAt?: Dayjs | null;
  environment?: string;
  stepsTried?: string;
  businessImpact?: string;
  impact: Level;
  urgency: Level;
  /** Staff only: the person the ticket is opened for (a phone call). */
  requesterId?: number;
  /** Staff only: the assets the ticket is about (issue 14). */
  assetIds?: number[];
};

/** What the server accepts from the form: blank optional texts are left out rather than sent empty. */
export function toCreateTicketInput(values: TicketFormValues): CreateTicketInput {
  const optional = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);
  return {
    type: values.type,
    category: optional(values.category),
    subject: values.subject.trim(),
    description: values.description.trim(),
    errorCode: optional(values.errorCode),
    occurredAt: values.occurredAt ? values.occurredAt.toISOString() : undefined,
    environment: optional(values.environment),
    stepsTried: optional(values.stepsTried),
    businessImpact: optional(values.businessImpact),
    impact: values.impact,
    urgency: values.urgency,
    requesterId: values.requesterId,
    ...(values.assetIds?.length ? { assetIds: values.assetIds } : {}),
  };
}

const FIELDS = [
  'type',
  'category',
  'subject',
  'description',
  'errorCode',
  'occurredAt',
  'environment',
  'stepsTried',
  'businessImpact',
  'impact',
  'urgency',
  'requesterId',
  'assetIds',
] as const;

type Props = {
  onSubmit: (values: TicketFormValues, files: File[]) => void;
  submitting: boolean;
  error: unknown;
  /** Fields above the ticket's own, such as the requester of a phone call. */
  header?: ReactNode;
  submitLabel?: string;
  /** Told the subject and description as they are typed (knowledge suggestions, IN-3). */
  onTextChange?: (text: string) => void;
  /** Shown right under the problem's fields (suggestions on a narrow screen): above nothing typed in yet. */
  afterProblem?: ReactNode;
};

/** The structured capture of IN-2: what happened, where, what was tried, who is affected. */
export function TicketForm({
  onSubmit,
  submitting,
  error,
  header,
  submitLabel,
  onTextChange,
  afterProblem,
}: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TicketFormValues>();
  const [files, setFiles] = useState<File[]>([]);

  useEffect(() => {
    if (error) markFieldError(form, t, error, FIELDS);
  }, [error, form, t]);

  return (
    <Form<TicketFormValues>
      form={form}
      layout="vertical"
      initialValues={{ type: 'incident', impact: 'low', urgency: 'medium' }}
      onFinish={(values) => onSubmit(values, files)}
      onValuesChange={(_, all) => onTextChange?.(`${all.subject ?? ''}\n${all.description ?? ''}`.trim())}
      scrollToFirstError
      data-testid="ticket-form"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <ErrorAlert error={error} />
        {header}
        <Card title={t('ticketForm.sectionProblem')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="type" label={t('ticket.type')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" options={ticketOptions.type(t)} data-testid="tf-type" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="category"
                label={t('ticket.category')}
                rules={[{ pattern: CATEGORY_PATH, message: t('ticketForm.categoryInvalid') }]}
              >
                <CategoryInput placeholder={t('ticketForm.categoryPlaceholder')} testId="tf-category" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="subject"
            label={t('ticket.subject')}
            rules={[
              { required: true, whitespace: true, message: t('ticketForm.subjectRequired') },
              { max: 200 },
            ]}
          >
            <Input
              placeholder={t('ticketForm.subjectPlaceholder')}
              maxLength={200}
              data-testid="tf-subject"
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('ticket.description')}
            rules={[{ required: true, whitespace: true, message: t('ticketForm.descriptionRequired') }]}
          >
            <Input.TextArea
              rows={5}
              placeholder={t('ticketForm.descriptionPlaceholder')}
              data-testid="tf-description"
            />
          </Form.Item>
        </Card>
        {afterProblem}
        <Card title={t('ticketForm.sectionDetails')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="errorCode" label={t('ticket.errorCode')}>
                <Input
                  placeholder={t('ticketForm.errorCodePlaceholder')}
                  maxLength={200}
                  data-testid="tf-error-code"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="occurredAt" label={t('ticket.occurredAt')}>
                <DatePicker showTime style={{ width: '100%' }} data-testid="tf-occurred-at" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="environment" label={t('ticket.environment')}>
            <Input.TextArea
              rows={2}
              placeholder={t('ticketForm.environmentPlaceholder')}
              data-testid="tf-environment"
            />
          </Form.Item>
          <Form.Item name="stepsTried" label={t('ticket.stepsTried')}>
            <Input.TextArea
              rows={3}
              placeholder={t('ticketForm.stepsTriedPlaceholder')}
              data-testid="tf-steps-tried"
            />
          </Form.Item>
          <Form.Item name="businessImpact" label={t('ticket.businessImpact')}>
            <Input.TextArea
              rows={2}
              placeholder={t('ticketForm.businessImpactPlaceholder')}
              data-testid="tf-business-impact"
            />
          </Form.Item>
        </Card>
        <Card title={t('ticketForm.sectionAssessment')}>
          <Form.Item
            name="impact"
            label={t('ticket.impact')}
            tooltip={t('ticketForm.impactHelp')}
            rules={[{ required: true }]}
          >
            <Radio.Group optionType="button" options={ticketOptions.impact(t)} data-testid="tf-impact" />
          </Form.Item>
          <Form.Item
            name="urgency"
            label={t('ticket.urgency')}
            tooltip={t('ticketForm.urgencyHelp')}
            rules={[{ required: true }]}
          >
            <Radio.Group optionType="button" options={ticketOptions.urgency(t)} data-testid="tf-urgency" />
          </Form.Item>
          <Form.Item label={t('ticket.attachments')}>
            <FilePicker
              files={files}
              onChange={setFiles}
              testId="tf-attachments"
              hint={t('ticketForm.attachmentsHint')}
            />
          </Form.Item>
        </Card>
        <Button type="primary" htmlType="submit" size="large" loading={submitting} data-testid="tf-submit">
          {submitLabel ?? t('ticketForm.submit')}
        </Button>
      </Space>
    </Form>
  );
}
