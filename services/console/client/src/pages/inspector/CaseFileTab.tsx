import { Card, Col, Empty, Row, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { data, inspection } from '../../api/client';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { SeverityTag, StatusTag } from '../../ui/tags';

interface LedgerLine {
  eventId: string;
  occurredAt: string;
  type: string;
  ref?: string;
  change: number;
  held: number;
}
const TOTALS = ['collected', 'deposited', 'disbursed', 'remitted', 'balance', 'cashNotDeposited'] as const;

/** The case behind a finding: every event in business-time order with the evidence marked, the money ledger, the officer's other findings. */
export function CaseFileTab({ findingId }: { findingId: string }) {
  const { t, i18n } = useTranslation('inspector');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const file = useQuery({
    queryKey: ['case-file', findingId],
    queryFn: async () =>
      data(await inspection.GET('/api/findings/{id}/case-file', { params: { path: { id: findingId } } })),
  });
  if (file.isPending) return <Spin />;
  if (file.isError) return <ErrorAlert error={file.error} />;
  const { rule, timeline, officer } = file.data;
  const ledger = file.data.ledger as (Record<(typeof TOTALS)[number], number> & { lines: LedgerLine[] }) | undefined;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Card size="small" title={t('firesWhen')}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{rule.firesWhen[lang]}</Typography.Paragraph>
          <Typography.Text type="secondary">{rule.legalBasis}</Typography.Text>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('timeline')}>
          {timeline.length === 0 ? (
            <Empty description={t('noCaseFile')} />
          ) : (
            <Timeline
              items={timeline.map((e) => ({
                color: e.inEvidence ? 'red' : 'gray',
                content: (
                  <div>
                    <Typography.Text strong>{formatDateTime(e.occurredAt)}</Typography.Text> <code>{e.type}</code>{' '}
                    {e.inEvidence ? <Tag color="red">{t('inEvidence')}</Tag> : null}
                    {e.denouncerWithheld ? <Tag>{t('withheld')}</Tag> : null}
                    <div style={{ fontSize: 12, color: '#595959', wordBreak: 'break-word' }}>
                      {Object.entries(e.data)
                        .slice(0, 6)
                        .map(
                          ([k, v]) =>
                            `${k}: ${typeof v === 'number' && /amount/i.test(k) ? formatMoney(v) : String(v)}`,
                        )
                        .join(' · ')}
                    </div>
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        {ledger ? (
          <Card size="small" title={t('ledger')} style={{ marginBottom: 16 }}>
            <Row gutter={[8, 8]}>
              {TOTALS.map((k) => (
                <Col key={k} xs={12} md={8}>
                  <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.68)' }}>{t(`ledgerTotals.${k}`)}</div>
                  <div style={{ fontSize: 16, fontWeight: 600 }}>{formatMoney(ledger[k])}</div>
                </Col>
              ))}
            </Row>
            <Table<LedgerLine>
              style={{ marginTop: 12 }}
              size="small"
              rowKey="eventId"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={ledger.lines}
              columns={[
                { title: t('day'), key: 'at', render: (_, l) => formatDate(l.occurredAt) },
                { title: t('eventType'), dataIndex: 'type', key: 'type' },
                { title: t('ref'), dataIndex: 'ref', key: 'ref' },
                { title: t('change'), key: 'change', align: 'right', render: (_, l) => formatMoney(l.change) },
                { title: t('held'), key: 'held', align: 'right', render: (_, l) => formatMoney(l.held) },
              ]}
            />
          </Card>
        ) : null}
        {officer ? (
          <Card size="small" title={`${t('otherFindings')} — ${officer.name ?? officer.officerId}`}>
            {officer.otherFindings.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {officer.otherFindings.map((f) => (
                  <li key={f.findingId}>
                    <Link to={`/findings/${encodeURIComponent(f.findingId)}`}>{f.ruleId}</Link> ·{' '}
                    {formatDate(f.detectedAt)} <SeverityTag severity={f.severity} /> <StatusTag status={f.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </Col>
    </Row>
  );
}
