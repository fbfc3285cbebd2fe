import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Space, Spin, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { data, inspection } from '../../api/client';
import type { paths } from '../../api/generated/inspection';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { useSession } from '../../session';
import { ErrorResult } from '../../ui/ErrorResult';
import { SeverityTag, SlaTag, StatusTag } from '../../ui/tags';
import { CaseFileTab } from './CaseFileTab';
import { ReassignDialog, TransitionDialog } from './TransitionDialog';
import { WorkTab } from './WorkTab';

export type FindingDetail = paths['/api/findings/{id}']['get']['responses']['200']['content']['application/json'];
export type Status = FindingDetail['allowedNext'][number];

/** A figure of the evidence as people read it: money in đồng, counts and days as numbers. */
function figure(key: string, value: unknown): string {
  if (typeof value === 'number')
    return /amount|money|sum|total|vnd|balance|held/i.test(key) ? formatMoney(value) : formatNumber(value);
  if (typeof value === 'string') return /At$|Date$|On$/.test(key) ? formatDateTime(value) : value;
  return JSON.stringify(value);
}

/** One finding: what the rule saw and why it matters, the case file, the working papers, and the next steps. */
export default function FindingPage() {
  const { findingId = '' } = useParams();
  const { t, i18n } = useTranslation('inspector');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { has } = useSession();
  const { message } = App.useApp();
  const [step, setStep] = useState<Status | undefined>();
  const [reassigning, setReassigning] = useState(false);
  const detail = useQuery({
    queryKey: ['finding', findingId],
    queryFn: async () => data(await inspection.GET('/api/findings/{id}', { params: { path: { id: findingId } } })),
  });
  if (detail.isPending) return <Spin style={{ margin: 48 }} />;
  if (detail.isError) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />;
  const { finding, allowedNext, inspection: insp } = detail.data;
  const open = !['concluded', 'referred', 'dismissed', 'closed'].includes(finding.status);
  const signed = (s: { by: string; at: string }) => t('by', { by: s.by, at: formatDateTime(s.at) });

  return (
    <>
      <Typography.Text type="secondary">
        <Link to="/findings">{t('findingsTitle')}</Link> / {finding.findingId}
      </Typography.Text>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24, marginTop: 8 }}>
        {finding.title[lang]}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <SeverityTag severity={finding.severity} />
        <StatusTag status={finding.status} />
        {open && insp?.dueAt ? <SlaTag dueAt={insp.dueAt} /> : null}
      </Space>

      <Card title={t('nextSteps')} size="small" style={{ marginBottom: 16 }}>
        {allowedNext.length === 0 && !(has('inspection_supervisor') && open && insp) ? (
          <Typography.Text type="secondary">{t('noNextStep')}</Typography.Text>
        ) : (
          <Space wrap>
            {allowedNext.map((to) => (
              <Button
                key={to}
                type={to === 'concluded' || to === 'under_inspection' ? 'primary' : 'default'}
                danger={to === 'dismissed'}
                onClick={() => setStep(to)}
              >
                {t(`to.${to}`)}
              </Button>
            ))}
            {has('inspection_supervisor') && open && insp ? (
              <Button onClick={() => setReassigning(true)}>{t('reassign')}</Button>
            ) : null}
          </Space>
        )}
      </Card>

      <Tabs
        items={[
          {
            key: 'overview',
            label: t('tabs.overview'),
            children: (
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label={t('explanation')} span={2}>
                    {finding.explanation[lang]}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('legalBasis')} span={2}>
                    {finding.legalBasis}
                  </Descriptions.Item>
                  <Descriptions.Item
                    label={t('rule')}
                  >{`${finding.ruleId} (v${finding.ruleVersion})`}</Descriptions.Item>
                  <Descriptions.Item label={t('common:unit')}>{finding.unitId}</Descriptions.Item>
                  <Descriptions.Item label={t('case')}>{finding.caseId ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('officer')}>{finding.officerId ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('detectedAt')}>{formatDateTime(finding.detectedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('assignee')}>
                    {insp?.assignee ?? (insp?.waitingReason ? t('waiting', { reason: insp.waitingReason }) : '—')}
                  </Descriptions.Item>
                  {finding.conclusion ? (
                    <Descriptions.Item label={t('conclusion')} span={2}>
                      <strong>{t(`results.${finding.conclusion.result}`)}</strong> — {finding.conclusion.reasoning}{' '}
                      <Typography.Text type="secondary">({signed(finding.conclusion)})</Typography.Text>
                    </Descriptions.Item>
                  ) : null}
                  {finding.dismissal ? (
                    <Descriptions.Item label={t('dismissal')} span={2}>
                      {t(`dismissReasons.${finding.dismissal.reason}`)} — {finding.dismissal.note}{' '}
                      <Typography.Text type="secondary">({signed(finding.dismissal)})</Typography.Text>
                    </Descriptions.Item>
                  ) : null}
                  {finding.referral ? (
                    <Descriptions.Item label={t('referral')} span={2}>
                      {t(`targets.${finding.referral.target}`)} — {finding.referral.note}{' '}
                      <Typography.Text type="secondary">({signed(finding.referral)})</Typography.Text>
                    </Descriptions.Item>
                  ) : null}
                </Descriptions>
                <Card size="small" title={t('evidence')}>
                  {Object.keys(finding.evidence.figures).length ? (
                    <Descriptions size="small" column={{ xs: 1, md: 2 }} title={t('figures')}>
                      {Object.entries(finding.evidence.figures).map(([k, v]) => (
                        <Descriptions.Item key={k} label={k}>
                          {figure(k, v)}
                        </Descriptions.Item>
                      ))}
                    </Descriptions>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  )}
                  <Typography.Paragraph style={{ marginTop: 8 }}>
                    {t('events')}: {finding.evidence.eventIds.join(', ') || '—'}
                  </Typography.Paragraph>
                </Card>
                {insp && insp.findings.length > 1 ? (
                  <Card size="small" title={t('joined')}>
                    <ul style={{ margin: 0 }}>
                      {insp.findings.map((f) => (
                        <li key={f.findingId}>
                          <Link to={`/findings/${encodeURIComponent(f.findingId)}`}>{f.findingId}</Link> — {f.ruleId}{' '}
                          <SeverityTag severity={f.severity} /> <StatusTag status={f.status} />
                        </li>
                      ))}
                    </ul>
                  </Card>
                ) : null}
              </Space>
            ),
          },
          { key: 'case', label: t('tabs.caseFile'), children: <CaseFileTab findingId={findingId} /> },
          { key: 'work', label: t('tabs.work'), children: <WorkTab findingId={findingId} /> },
        ]}
      />
      {step ? (
        <TransitionDialog
          findingId={findingId}
          to={step}
          onClose={(done) => {
            setStep(undefined);
            if (done) {
              void message.success(t('done', { status: t(`st.${step}`) }));
              void detail.refetch();
            }
          }}
        />
      ) : null}
      {reassigning ? (
        <ReassignDialog
          findingId={findingId}
          onClose={(assignee) => {
            setReassigning(false);
            if (assignee) {
              void message.success(t('reassigned', { assignee }));
              void detail.refetch();
            }
          }}
        />
      ) : null}
    </>
  );
}
