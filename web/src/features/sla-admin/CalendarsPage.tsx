import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Calendar, useCalendars } from '../../entities/sla/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { CalendarEditor } from './CalendarEditor.tsx';

/** Business calendars (工作日历): the list, and the editor of the one chosen (or a new one). */
export default function CalendarsPage() {
  const { t } = useTranslation();
  const calendars = useCalendars();
  const [selected, setSelected] = useState<number | 'new' | null>(null);
  const current =
    typeof selected === 'number' ? (calendars.data ?? []).find((c) => c.id === selected) : undefined;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card
          title={t('slaAdmin.calendars')}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => setSelected('new')} data-testid="calendar-new">
              {t('slaAdmin.newCalendar')}
            </Button>
          }
        >
          <ErrorAlert error={calendars.error} />
          <Table<Calendar>
            rowKey="id"
            size="small"
            pagination={false}
            loading={calendars.isPending}
            dataSource={calendars.data ?? []}
            onRow={(calendar) => ({ onClick: () => setSelected(calendar.id), style: { cursor: 'pointer' } })}
            rowClassName={(calendar) => (calendar.id === selected ? 'ant-table-row-selected' : '')}
            columns={[
              { key: 'name', dataIndex: 'name', title: t('slaAdmin.name') },
              { key: 'timezone', dataIndex: 'timezone', title: t('slaAdmin.timezone') },
              {
                key: 'days',
                title: t('slaAdmin.specialDays'),
                render: (_, calendar) =>
                  t('slaAdmin.specialDaysCount', {
                    holidays: calendar.holidays.length,
                    workdays: calendar.extraWorkdays.length,
                  }),
              },
            ]}
            data-testid="calendar-list"
          />
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        {selected !== null && (selected === 'new' || current) && (
          <CalendarEditor calendar={current ?? null} onSaved={(saved) => setSelected(saved.id)} />
        )}
      </Col>
    </Row>
  );
}
