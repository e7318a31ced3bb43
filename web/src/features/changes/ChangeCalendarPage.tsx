import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Calendar,
  Card,
  Col,
  Empty,
  Flex,
  Grid,
  List,
  Row,
  Segmented,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChangeSummaryDto, FreezeDto } from '../../../../contracts/changes.ts';
import { formatDateTime, formatTime, inZone, nowInZone } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useChangeCalendar } from './api.ts';
import { RISK_COLOR, STATUS_COLOR } from './ChangeTags.tsx';

type View = 'month' | 'week' | 'list';

/** The window a view shows around a day: its month (whole weeks) or its week (Monday first). */
function windowOf(view: View, day: Dayjs): [Dayjs, Dayjs] {
  if (view === 'week') {
    const monday = day.subtract((day.day() + 6) % 7, 'day').startOf('day');
    return [monday, monday.add(7, 'day')];
  }
  const first = day.startOf('month');
  const start = first.subtract((first.day() + 6) % 7, 'day');
  return [start, start.add(42, 'day')];
}

const overlapsDay = (start: string, end: string, day: Dayjs) =>
  inZone(start).isBefore(day.endOf('day')) && inZone(end).isAfter(day.startOf('day'));

function ChangeChip({ change }: { change: ChangeSummaryDto }) {
  const { t } = useTranslation();
  return (
    <Link to={`/agent/changes/${change.id}`} data-testid="calendar-change">
      <Tag
        color={STATUS_COLOR[change.status]}
        style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}
      >
        <Badge color={RISK_COLOR[change.risk]} /> {formatTime(change.plannedStart)} {change.title}
        {change.type === 'emergency' ? ` · ${t('changes.type.emergency')}` : ''}
      </Tag>
    </Link>
  );
}

function FreezeChip({ freeze }: { freeze: FreezeDto }) {
  const { t } = useTranslation();
  return (
    <Tag
      color="red"
      data-testid="calendar-freeze"
      style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}
    >
      {t('changes.freeze.short')} {freeze.name}
    </Tag>
  );
}

function DayCell({
  day,
  changes,
  freezes,
}: {
  day: Dayjs;
  changes: ChangeSummaryDto[];
  freezes: FreezeDto[];
}) {
  const inDay = changes.filter((c) => overlapsDay(c.plannedStart, c.plannedEnd, day));
  const frozen = freezes.filter((f) => overlapsDay(f.startsAt, f.endsAt, day));
  return (
    <Flex
      vertical
      gap={2}
      style={{ background: frozen.length ? 'rgba(255, 77, 79, 0.08)' : undefined, minHeight: 40 }}
    >
      {frozen.map((f) => (
        <FreezeChip key={`f${f.id}`} freeze={f} />
      ))}
      {inDay.slice(0, 4).map((c) => (
        <ChangeChip key={c.id} change={c} />
      ))}
      {inDay.length > 4 && <Typography.Text type="secondary">+{inDay.length - 4}</Typography.Text>}
    </Flex>
  );
}

/** 变更日历: the changes and freeze windows of a month or a week; a list on a phone. */
export default function ChangeCalendarPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // A phone starts with the list (the breakpoint is known only after the first render).
  const [chosen, setView] = useState<View | null>(null);
  const view: View = chosen ?? (screens.md === false ? 'list' : 'month');
  const [day, setDay] = useState<Dayjs>(nowInZone());
  const [from, to] = windowOf(view === 'list' ? 'month' : view, day);
  const calendar = useChangeCalendar(from.toISOString(), to.toISOString());
  const changes = calendar.data?.changes ?? [];
  const freezes = calendar.data?.freezes ?? [];
  const step = view === 'week' ? 'week' : 'month';
  return (
    <Card
      title={t('changes.calendar.title')}
      extra={<Link to="/agent/changes">{t('changes.title')}</Link>}
      data-testid="change-calendar"
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Button
          icon={<LeftOutlined />}
          onClick={() => setDay(day.subtract(1, step))}
          aria-label={t('changes.calendar.previous')}
        />
        <Button onClick={() => setDay(nowInZone())}>{t('changes.calendar.today')}</Button>
        <Button
          icon={<RightOutlined />}
          onClick={() => setDay(day.add(1, step))}
          aria-label={t('changes.calendar.next')}
        />
        <Typography.Text strong data-testid="calendar-period">
          {view === 'week'
            ? `${from.format('YYYY-MM-DD')} – ${to.subtract(1, 'day').format('YYYY-MM-DD')}`
            : day.format('YYYY-MM')}
        </Typography.Text>
        <Segmented<View>
          value={view}
          onChange={setView}
          options={(['month', 'week', 'list'] as const).map((value) => ({
            value,
            label: t(`changes.calendar.${value}`),
          }))}
          data-testid="calendar-view"
        />
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Tag color="red">{t('changes.freeze.short')}</Tag>
        {(['submitted', 'approved', 'scheduled', 'implemented', 'failed'] as const).map((s) => (
          <Tag key={s} color={STATUS_COLOR[s]}>
            {t(`changes.status.${s}`)}
          </Tag>
        ))}
      </Flex>
      <ErrorAlert error={calendar.error} />
      {calendar.data?.truncated && (
        <Typography.Text type="warning">{t('changes.calendar.truncated')}</Typography.Text>
      )}
      {view === 'month' && (
        <Calendar
          value={day}
          onChange={setDay}
          headerRender={() => null}
          cellRender={(current, info) =>
            info.type === 'date' ? (
              <DayCell day={current} changes={changes} freezes={freezes} />
            ) : (
              info.originNode
            )
          }
        />
      )}
      {view === 'week' && (
        <Row gutter={[8, 8]}>
          {Array.from({ length: 7 }, (_, i) => from.add(i, 'day')).map((d) => (
            <Col key={d.toISOString()} xs={24} md={12} xl={24}>
              <Card size="small" title={d.format('MM-DD ddd')} styles={{ body: { padding: 8 } }}>
                <DayCell day={d} changes={changes} freezes={freezes} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {view === 'list' && (
        <List
          data-testid="calendar-list"
          locale={{ emptyText: <Empty description={t('changes.calendar.empty')} /> }}
          dataSource={[
            ...freezes.map((f) => ({ key: `f${f.id}`, at: f.startsAt, freeze: f })),
            ...changes.map((c) => ({ key: `c${c.id}`, at: c.plannedStart, change: c })),
          ].sort((a, b) => a.at.localeCompare(b.at))}
          renderItem={(item) => (
            <List.Item key={item.key}>
              <Flex vertical style={{ minWidth: 0 }}>
                {'freeze' in item && item.freeze ? (
                  <>
                    <FreezeChip freeze={item.freeze} />
                    <Typography.Text type="secondary">
                      {formatDateTime(item.freeze.startsAt)} – {formatDateTime(item.freeze.endsAt)}
                    </Typography.Text>
                  </>
                ) : 'change' in item && item.change ? (
                  <>
                    <ChangeChip change={item.change} />
                    <Typography.Text type="secondary">
                      {formatDateTime(item.change.plannedStart)} – {formatDateTime(item.change.plannedEnd)} ·{' '}
                      {t(`changes.status.${item.change.status}`)}
                    </Typography.Text>
                  </>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
