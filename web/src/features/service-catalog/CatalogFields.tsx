import { DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Answers, FormField } from '../../../../contracts/catalog.ts';
import { isShownField, localized } from './text.ts';

type Values = Record<string, unknown>;

/** A field's control; dates are Dayjs in the form and YYYY-MM-DD in the answer. */
function Control({
  field,
  lang,
  ...control
}: {
  field: FormField;
  lang: 'zh-CN' | 'en';
  // Form.Item hands its child the value and onChange: they go to the control itself.
  value?: never;
  onChange?: never;
  id?: string;
}) {
  const options = (field.options ?? []).map((o) => ({ value: o.value, label: localized(o.label, lang) }));
  const testId = `catalog-field-${field.key}`;
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 3 }} data-testid={testId} {...control} />;
    case 'select':
      return <Select options={options} data-testid={testId} {...control} />;
    case 'multiselect':
      return <Select mode="multiple" options={options} data-testid={testId} {...control} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} data-testid={testId} {...control} />;
    case 'number':
    case 'user':
      return <InputNumber style={{ width: '100%' }} data-testid={testId} {...control} />;
    default:
      return <Input data-testid={testId} {...control} />;
  }
}

/** The item's form, each field shown only while its showIf holds (the server checks the same). */
export function CatalogFields({
  fields,
  lang,
  values,
  attachHint,
}: {
  fields: readonly FormField[];
  lang: 'zh-CN' | 'en';
  /** The form's values so far (the form's onValuesChange). */
  values: Values;
  /** What to say where a file is asked for. */
  attachHint: string;
}) {
  const answers = toAnswers(fields, values);
  return (
    <>
      {fields
        .filter((field) => isShownField(field, answers))
        .map((field) =>
          field.type === 'attachment' ? (
            // Files go to the ticket once it is open (its attachments card).
            <Form.Item key={field.key} label={localized(field.label, lang)}>
              <Typography.Text type="secondary" data-testid={`catalog-field-${field.key}`}>
                {attachHint}
              </Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item
              key={field.key}
              name={field.key}
              label={localized(field.label, lang)}
              rules={field.required ? [{ required: true, message: localized(field.label, lang) }] : []}
            >
              <Control field={field} lang={lang} />
            </Form.Item>
          ),
        )}
    </>
  );
}

/** The form's values as the API's answers: shown fields only, dates as YYYY-MM-DD, empty ones left out. */
export function toAnswers(fields: readonly FormField[], values: Values): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    if (!isShownField(field, answers)) continue;
    const value = values[field.key];
    if (value === undefined || value === null || value === '') continue;
    if (field.type === 'date') answers[field.key] = (value as Dayjs).format('YYYY-MM-DD');
    else if (Array.isArray(value)) {
      if (value.length) answers[field.key] = value.map(String);
    } else if (typeof value === 'number' || typeof value === 'string') answers[field.key] = value;
  }
  return answers;
}
