import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Select, Space, Typography, Upload } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Calendar, type CalendarInput, useImportIcal, useSaveCalendar } from '../../entities/sla/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'UTC'];
  }
}

type Values = {
  name: string;
  timezone: string;
  hours: { weekday: number; from: string; to: string }[];
  holidays: string[];
  extraWorkdays: string[];
};

const OFFICE_HOURS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, from: '09:00', to: '12:00' },
  { weekday, from: '13:00', to: '18:00' },
]);

/**
 * Builds a business calendar (SL-2): time zone, opening hours (several windows a day),
 * holidays and make-up workdays (调休), by hand or from an iCalendar file.
 */
export function CalendarEditor({
  calendar,
  onSaved,
}: {
  calendar: Calendar | null;
  onSaved: (c: Calendar) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveCalendar();
  const importIcal = useImportIcal();
  const zones = useMemo(() => timeZones().map((zone) => ({ value: zone, label: zone })), []);
  const weekdays = WEEKDAYS.map((day) => ({ value: day, label: t(`slaAdmin.weekday.${day}`) }));
  const dateRule = {
    validator: async (_: unknown, value: string[] | undefined) => {
      if ((value ?? []).some((day) => !DATE.test(day))) throw new Error(t('slaAdmin.dateInvalid'));
    },
  };

  const submit = async (values: Values) => {
    const input: CalendarInput = {
      name: values.name,
      timezone: values.timezone,
      hours: values.hours ?? [],
      holidays: values.holidays ?? [],
      extraWorkdays: values.extraWorkdays ?? [],
    };
    try {
      const saved = await save.mutateAsync({ id: calendar?.id ?? null, input });
      message.success(t('slaAdmin.calendarSaved'));
      onSaved(saved);
    } catch (error) {
      markFieldError(form, t, error, ['name', 'timezone', 'hours', 'holidays', 'extraWorkdays']);
    }
  };

  const onFile = async (file: File) => {
    if (!calendar) return false;
    try {
      const result = await importIcal.mutateAsync({ id: calendar.id, ics: await file.text() });
      form.setFieldsValue({
        holidays: result.calendar.holidays,
        extraWorkdays: result.calendar.extraWorkdays,
      });
      message.success(
        t('slaAdmin.icalImported', { holidays: result.holidaysAdded, workdays: result.extraWorkdaysAdded }),
      );
      onSaved(result.calendar);
    } catch {
      // The error is shown by the alert below.
    }
    return false;
  };

  return (
    <Card
      size="small"
      title={calendar ? t('slaAdmin.editCalendar', { name: calendar.name }) : t('slaAdmin.newCalendar')}
      data-testid="calendar-editor"
    >
      <ErrorAlert error={save.error ?? importIcal.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        key={calendar?.id ?? 'new'}
        initialValues={
          calendar ?? { timezone: 'Asia/Shanghai', hours: OFFICE_HOURS, holidays: [], extraWorkdays: [] }
        }
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="name"
            label={t('slaAdmin.name')}
            rules={[{ required: true, whitespace: true, message: t('slaAdmin.required') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Input data-testid="calendar-name" />
          </Form.Item>
          <Form.Item name="timezone" label={t('slaAdmin.timezone')} style={{ width: 260 }}>
            <Select showSearch options={zones} data-testid="calendar-timezone" />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('slaAdmin.hours')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('slaAdmin.hoursHint')}
        </Typography.Paragraph>
        <Form.List name="hours">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ marginBottom: 12 }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" data-testid="calendar-window">
                  <Form.Item name={[field.name, 'weekday']} noStyle>
                    <Select options={weekdays} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'from']}
                    rules={[{ pattern: TIME, message: 'HH:MM' }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input style={{ width: 90 }} placeholder="09:00" />
                  </Form.Item>
                  <span>–</span>
                  <Form.Item
                    name={[field.name, 'to']}
                    rules={[{ pattern: TIME, message: 'HH:MM' }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input style={{ width: 90 }} placeholder="18:00" />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} type="text" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Space>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ weekday: 1, from: '09:00', to: '18:00' })}
                >
                  {t('slaAdmin.addWindow')}
                </Button>
                <Button
                  onClick={() => form.setFieldsValue({ hours: OFFICE_HOURS })}
                  data-testid="calendar-office-hours"
                >
                  {t('slaAdmin.officeHours')}
                </Button>
              </Space>
            </Flex>
          )}
        </Form.List>
        <Form.Item
          name="holidays"
          label={t('slaAdmin.holidays')}
          extra={t('slaAdmin.datesHint')}
          rules={[dateRule]}
        >
          <Select
            mode="tags"
            tokenSeparators={[',', ' ', '\n']}
            open={false}
            data-testid="calendar-holidays"
          />
        </Form.Item>
        <Form.Item
          name="extraWorkdays"
          label={t('slaAdmin.extraWorkdays')}
          extra={t('slaAdmin.extraWorkdaysHint')}
          rules={[dateRule]}
        >
          <Select
            mode="tags"
            tokenSeparators={[',', ' ', '\n']}
            open={false}
            data-testid="calendar-extra-workdays"
          />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save">
            {t('slaAdmin.save')}
          </Button>
          {calendar && (
            <Upload accept=".ics,text/calendar" showUploadList={false} beforeUpload={onFile}>
              <Button icon={<UploadOutlined />} loading={importIcal.isPending} data-testid="calendar-ical">
                {t('slaAdmin.importIcal')}
              </Button>
            </Upload>
          )}
        </Space>
      </Form>
    </Card>
  );
}
