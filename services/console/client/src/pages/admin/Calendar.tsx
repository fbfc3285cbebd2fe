import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Form, Input, List, Row, Select, Space, Spin, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { data, detector } from '../../api/client';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import {
  addDay,
  dayKind,
  isEditable,
  isWeekend,
  isoDay,
  monthGrid,
  removeDay,
  sameLists,
  weekdayOf,
  yearsOffered,
  type DayKind,
  type YearLists,
} from './calendar-model';

const CALENDAR = ['admin', 'calendar'] as const;
const EMPTY: YearLists = { daysOff: [], workingDays: [] };

/** Colours of the grid, each text colour AA on its background. */
const CELL: Record<DayKind, CSSProperties> = {
  off: { background: '#fff1f0', color: '#a8071a', fontWeight: 600 },
  swapped: { background: '#e6f4ff', color: '#003eb3', fontWeight: 600 },
  weekend: { color: '#595959' },
  working: {},
};
const HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
};

/**
 * The official days off of a year as a calendar, with the lists beside it to add and remove
 * days: weekdays off, and Saturdays or Sundays made working days. Only days after today change
 * (deadlines were counted with the others); an administrator of a root unit saves the year with
 * its source and the reason, and every service counts with it from then on.
 */
export default function Calendar() {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const queries = useQueryClient();
  const calendar = useQuery({
    queryKey: CALENDAR,
    queryFn: async () => data(await detector.GET('/api/calendar/years')),
  });
  const today = calendar.data?.today;
  const thisYear = today ? Number(today.slice(0, 4)) : undefined;
  const [year, setYear] = useState<number | undefined>();
  const shown = year ?? thisYear;
  // A year the detector holds no table for comes with the days it counts now (the holiday library's).
  const entry = calendar.data?.years.find((y) => y.year === shown);
  const held = entry?.held ? entry : undefined;
  const saved: YearLists = useMemo(
    () => (entry ? { daysOff: entry.daysOff, workingDays: entry.workingDays } : EMPTY),
    [entry],
  );
  const [draft, setDraft] = useState<YearLists>(EMPTY);
  const [form] = Form.useForm<{ source: string; reason: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<{ off?: Dayjs | null; swapped?: Dayjs | null }>({});

  // A year opened (or saved) starts from what the detector holds.
  useEffect(() => {
    setDraft(saved);
    setError(undefined);
    form.setFieldsValue({ source: held?.source ?? '', reason: '' });
  }, [saved, held, form]);

  const root = calendar.data?.rootAdministrator ?? false;
  const changed = !sameLists(draft, saved);

  async function save(values: { source: string; reason: string }) {
    if (!shown) return;
    setBusy(true);
    setError(undefined);
    try {
      await detector.PUT('/api/calendar/years/{year}', {
        params: { path: { year: String(shown) } },
        body: {
          daysOff: draft.daysOff,
          workingDays: draft.workingDays,
          source: values.source.trim(),
          reason: values.reason.trim(),
        },
      });
      await queries.invalidateQueries({ queryKey: CALENDAR });
      message.success(t('calendar.saved', { year: shown }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function add(which: 'off' | 'swapped') {
    const day = picked[which];
    if (!day) return;
    setDraft(addDay(draft, day.format('YYYY-MM-DD')));
    setPicked({ ...picked, [which]: null });
  }

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('calendar.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 880 }}>{t('calendar.intro')}</Typography.Paragraph>
      {calendar.isError ? <ErrorAlert error={calendar.error} /> : null}
      {calendar.isPending ? <Spin aria-label={t('common:loading')} /> : null}
      {calendar.data && !root ? (
        <Alert type="info" showIcon title={t('calendar.readOnly')} style={{ marginBottom: 16 }} />
      ) : null}
      {calendar.data && shown && today ? (
        <>
          <Space wrap align="center" style={{ marginBottom: 16 }}>
            <label htmlFor="calendar-year">{t('calendar.year')}</label>
            <Select
              id="calendar-year"
              value={shown}
              onChange={(y: number) => setYear(y)}
              style={{ width: 120 }}
              options={yearsOffered(
                calendar.data.years.map((y) => y.year),
                thisYear!,
              ).map((y) => ({ value: y, label: String(y) }))}
            />
            <Typography.Text type="secondary">
              {held
                ? held.changedBy
                  ? t('calendar.changedBy', {
                      by: held.changedBy,
                      at: formatDateTime(held.changedAt),
                      reason: held.reason ?? '',
                    })
                  : t('calendar.shipped')
                : t('calendar.notHeld')}
            </Typography.Text>
          </Space>
          <Row gutter={[24, 24]}>
            <Col xs={24} xl={14}>
              <YearGrid year={shown} lists={draft} today={today} />
            </Col>
            <Col xs={24} xl={10}>
              <DayList
                title={t('calendar.daysOff')}
                days={draft.daysOff}
                today={today}
                editable={root}
                onRemove={(d) => setDraft(removeDay(draft, d))}
              />
              {root ? (
                <Space wrap style={{ margin: '8px 0 24px' }}>
                  <DatePicker
                    aria-label={t('calendar.pickDayOff')}
                    placeholder="dd/mm/yyyy"
                    format="DD/MM/YYYY"
                    value={picked.off ?? null}
                    onChange={(d) => setPicked({ ...picked, off: d })}
                    disabledDate={(d) =>
                      d.year() !== shown ||
                      !isEditable(d.format('YYYY-MM-DD'), today) ||
                      isWeekend(d.format('YYYY-MM-DD'))
                    }
                  />
                  <Button icon={<PlusOutlined />} onClick={() => add('off')} disabled={!picked.off}>
                    {t('calendar.addDayOff')}
                  </Button>
                </Space>
              ) : null}
              <DayList
                title={t('calendar.workingDays')}
                days={draft.workingDays}
                today={today}
                editable={root}
                onRemove={(d) => setDraft(removeDay(draft, d))}
              />
              {root ? (
                <Space wrap style={{ margin: '8px 0 24px' }}>
                  <DatePicker
                    aria-label={t('calendar.pickWorkingDay')}
                    placeholder="dd/mm/yyyy"
                    format="DD/MM/YYYY"
                    value={picked.swapped ?? null}
                    onChange={(d) => setPicked({ ...picked, swapped: d })}
                    disabledDate={(d) =>
                      d.year() !== shown ||
                      !isEditable(d.format('YYYY-MM-DD'), today) ||
                      !isWeekend(d.format('YYYY-MM-DD'))
                    }
                  />
                  <Button icon={<PlusOutlined />} onClick={() => add('swapped')} disabled={!picked.swapped}>
                    {t('calendar.addWorkingDay')}
                  </Button>
                </Space>
              ) : null}
              {root ? (
                <Form
                  form={form}
                  layout="vertical"
                  onFinish={(v) => void save(v)}
                  aria-label={t('calendar.saveTitle', { year: shown })}
                >
                  {error ? <ErrorAlert error={error} /> : null}
                  <Form.Item
                    name="source"
                    label={t('calendar.source')}
                    rules={[{ required: true, whitespace: true, message: t('common:required') }]}
                  >
                    <Input maxLength={1000} />
                  </Form.Item>
                  <Form.Item
                    name="reason"
                    label={t('common:reason')}
                    rules={[{ required: true, whitespace: true, message: t('common:required') }]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} showCount />
                  </Form.Item>
                  <Space>
                    <Button type="primary" htmlType="submit" loading={busy}>
                      {t('calendar.save', { year: shown })}
                    </Button>
                    <Button onClick={() => setDraft(saved)} disabled={!changed}>
                      {t('calendar.undo')}
                    </Button>
                    {changed ? <Typography.Text type="warning">{t('calendar.unsaved')}</Typography.Text> : null}
                  </Space>
                </Form>
              ) : null}
            </Col>
          </Row>
        </>
      ) : null}
    </>
  );
}

function DayList({
  title,
  days,
  today,
  editable,
  onRemove,
}: {
  title: string;
  days: string[];
  today: string;
  editable: boolean;
  onRemove: (day: string) => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <List
      size="small"
      bordered
      header={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {title}
        </Typography.Title>
      }
      locale={{ emptyText: t('common:none') }}
      dataSource={days}
      renderItem={(d) => (
        <List.Item
          actions={
            editable
              ? [
                  <Button
                    key="remove"
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={!isEditable(d, today)}
                    aria-label={t('calendar.remove', { date: formatDate(d) })}
                    onClick={() => onRemove(d)}
                  />,
                ]
              : []
          }
        >
          {`${formatDate(d)} — ${t(`calendar.weekdays.${weekdayOf(d)}`)}`}
          {isEditable(d, today) ? null : (
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {t('calendar.passed')}
            </Typography.Text>
          )}
        </List.Item>
      )}
    />
  );
}

/** The year at a glance: twelve months, days off and swapped working days marked (the lists beside it say the same in words). */
function YearGrid({ year, lists, today }: { year: number; lists: YearLists; today: string }) {
  const { t } = useTranslation('admin');
  const heads = [1, 2, 3, 4, 5, 6, 0].map((w) => t(`calendar.weekdaysShort.${w}`));
  return (
    <>
      <Space wrap size={16} style={{ marginBottom: 12 }} aria-label={t('calendar.legend')}>
        <span style={{ ...CELL.off, padding: '2px 8px' }}>{t('calendar.kind.off')}</span>
        <span style={{ ...CELL.swapped, padding: '2px 8px' }}>{t('calendar.kind.swapped')}</span>
        <span style={{ ...CELL.weekend, padding: '2px 8px' }}>{t('calendar.kind.weekend')}</span>
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))', gap: 16 }}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <table key={month} style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13, textAlign: 'center' }}>
            <caption style={{ fontWeight: 600, textAlign: 'left', paddingBottom: 4 }}>
              {t('calendar.month', { month, year })}
            </caption>
            <thead>
              <tr>
                {heads.map((h) => (
                  <th key={h} scope="col" style={{ fontWeight: 500, color: '#595959' }}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthGrid(year, month).map((week, w) => (
                <tr key={w}>
                  {week.map((d, i) => {
                    if (d === null) return <td key={i} />;
                    const iso = isoDay(year, month, d);
                    const kind = dayKind(iso, lists);
                    return (
                      <td
                        key={i}
                        style={{ ...CELL[kind], padding: 2, outline: iso === today ? '2px solid #0958d9' : undefined }}
                        title={kind === 'off' || kind === 'swapped' ? t(`calendar.kind.${kind}`) : undefined}
                      >
                        {d}
                        {kind === 'off' || kind === 'swapped' ? (
                          <span style={HIDDEN}>{` (${t(`calendar.kind.${kind}`)})`}</span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </>
  );
}
