import { useState, type ReactNode } from 'react';
import { DownloadOutlined, FilePdfOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, List, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { useSession } from '../../session';
import { ErrorResult } from '../../ui/ErrorResult';
import { BallotPanel } from './BallotPanel';
import { DecisionDueTag, ProceedingStatusTag, SeverityTag, useChoiceLabel, useOutcomeText } from './labels';
import { isCouncilMember, mayVote, stepsFor, type Proceeding, type Viewer } from './proceeding-steps';
import { proceedingQuery } from './Proceedings';
import { officerLabel, StepDialog } from './StepDialog';
import { ToneTag } from './theme';
import type { StepKind } from './proceeding-steps';

const TABS = ['overview', 'findings', 'council', 'hearing', 'ballot', 'outcome'] as const;
type TabKey = (typeof TABS)[number];
const VOTING: readonly Proceeding['status'][] = ['met', 'round_1', 'round_2'];

/** A figure of the evidence as people read it: money in đồng, counts as numbers, days as dates. */
function figure(key: string, value: unknown): string {
  if (typeof value === 'number')
    return /amount|money|sum|total|vnd|balance|held|outstanding/i.test(key) ? formatMoney(value) : formatNumber(value);
  if (typeof value === 'string') return /At$|Date$|On$/.test(key) ? formatDateTime(value) : value;
  return JSON.stringify(value);
}

/**
 * One discipline proceeding: the breaches and their evidence (never a denouncer: the service
 * strips them), the council and its recusals, the summons and the subject's response, the
 * secret ballot, the minutes, the recommendation, the decision and the appeal — with the form
 * of each step for whom the service lets take it (proceeding-steps.ts).
 */
export default function ProceedingPage() {
  return (
    <>
      <ProceedingView />
    </>
  );
}

function ProceedingView() {
  const { proceedingId = '' } = useParams();
  const { t } = useTranslation('committee');
  const { user } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [step, setStep] = useState<StepKind>();
  const detail = useQuery({
    ...proceedingQuery(proceedingId),
    // While the council votes, a round closes when the last member votes on their own device.
    refetchInterval: (q) => (q.state.data && VOTING.includes(q.state.data.status) ? 5_000 : false),
  });
  if (detail.isPending) return <Spin style={{ margin: 48 }} />;
  if (detail.isError) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />;
  const p = detail.data;
  const viewer: Viewer = { officerId: user.officerId, unitId: user.unitId, roles: user.roles };
  // Exactly the steps the service lists for this viewer now (allowedSteps).
  const steps = stepsFor(p);
  const member = isCouncilMember(p, viewer);
  const asked = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(asked ?? '')
    ? (asked as TabKey)
    : mayVote(p) || (member && VOTING.includes(p.status))
      ? 'ballot'
      : 'overview';
  const base = `/api/discipline/proceedings/${encodeURIComponent(p.proceedingId)}`;

  return (
    <>
      <Typography.Text type="secondary">
        <Link to="/proceedings">{t('breadcrumb')}</Link> / {p.proceedingId}
      </Typography.Text>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24, marginTop: 8 }}>
        {t('pageTitle', { id: p.proceedingId })}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {t('subject')}: <strong>{p.subject.name ?? p.subject.officerId}</strong>
        {p.subject.name ? ` (${p.subject.officerId})` : ''} · {p.subject.unitId}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <ProceedingStatusTag status={p.status} />
        <DecisionDueTag dueOn={p.limits.decisionDueOn} status={p.status} extended={p.limits.extension !== undefined} />
        {p.metOn ? (
          <>
            <Button size="small" icon={<FileTextOutlined />} href={`${base}/minutes`} target="_blank" rel="noopener">
              {t('minutesHtml')}
            </Button>
            <Button
              size="small"
              icon={<FilePdfOutlined />}
              href={`${base}/minutes?format=pdf`}
              download={`bien-ban-${p.proceedingId}.pdf`}
            >
              {t('minutesPdf')}
            </Button>
          </>
        ) : null}
      </Space>

      <Card title={t('nextSteps')} size="small" style={{ marginBottom: 16 }}>
        {steps.length === 0 ? (
          <Typography.Text type="secondary">{t('noStep')}</Typography.Text>
        ) : (
          <Space wrap>
            {steps.map((s, i) => (
              <Button
                key={s}
                type={i === 0 ? 'primary' : 'default'}
                danger={s === 'investigators'}
                onClick={() => setStep(s)}
              >
                {t(`step.${s}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(params);
          next.set('tab', key);
          setParams(next, { replace: true });
        }}
        items={[
          { key: 'overview', label: t('tabs.overview'), children: <Overview p={p} /> },
          { key: 'findings', label: t('tabs.findings'), children: <Findings p={p} /> },
          { key: 'council', label: t('tabs.council'), children: <Council p={p} /> },
          { key: 'hearing', label: t('tabs.hearing'), children: <Hearing p={p} base={base} /> },
          { key: 'ballot', label: t('tabs.ballot'), children: <BallotPanel proceeding={p} viewer={viewer} /> },
          { key: 'outcome', label: t('tabs.outcome'), children: <Outcome p={p} /> },
        ]}
      />
      {step ? (
        <StepDialog
          proceeding={p}
          step={step}
          officerId={user.officerId}
          onClose={(done) => {
            setStep(undefined);
            if (!done) return;
            void message.success(t('stepDone', { step: t(`step.${step}`) }));
            void queries.invalidateQueries({ queryKey: ['proceeding', proceedingId] });
            void queries.invalidateQueries({ queryKey: ['proceedings'] });
            void queries.invalidateQueries({ queryKey: ['open-round', proceedingId] });
          }}
        />
      ) : null}
    </>
  );
}

function Overview({ p }: { p: Proceeding }) {
  const { t, i18n } = useTranslation('committee');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { limits } = p;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {p.timeBarred.length ? (
        <Alert
          type="warning"
          showIcon
          title={t('timeBarredTitle')}
          description={
            <ul style={{ margin: 0 }}>
              {p.timeBarred.map((b) => (
                <li key={b.findingId}>
                  {t('timeBarredItem', { findingId: b.findingId, lastDay: formatDate(b.lastDay) })}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {p.closure ? (
        <Alert
          type="info"
          showIcon
          title={`${t('closure')} ${formatDate(p.closure.on)}`}
          description={p.closure.message}
        />
      ) : null}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('subject')}>
          {p.subject.name ? `${p.subject.name} (${p.subject.officerId})` : p.subject.officerId}
        </Descriptions.Item>
        <Descriptions.Item label={t('common:unit')}>{p.subject.unitId}</Descriptions.Item>
        <Descriptions.Item label={t('regime')}>
          {p.regimes.map((r) => r.label[lang]).join('; ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('authorityUnit')}>{p.authorityUnitId}</Descriptions.Item>
        <Descriptions.Item label={t('allowedForms')} span={2}>
          <div>
            <Space size={4} wrap>
              {p.allowedForms.map((f) => (
                <Tag key={f}>{t(`form.${f}`)}</Tag>
              ))}
            </Space>
            <div style={{ marginTop: 4 }}>
              {t(`employment.${p.subject.employment}`, { defaultValue: p.subject.employment })} ·{' '}
              {t(`position.${p.subject.position}`, { defaultValue: p.subject.position })}
            </div>
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('factsOn')}>{formatDate(p.factsOn)}</Descriptions.Item>
        <Descriptions.Item label={t('discoveredOn')}>{formatDate(p.discoveredOn)}</Descriptions.Item>
        <Descriptions.Item label={t('openedOn')}>{formatDate(p.openedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('limitationEndsOn')}>
          {limits.limitationEndsOn ? formatDate(limits.limitationEndsOn) : t('noLimitation')}
        </Descriptions.Item>
        <Descriptions.Item label={t('timeToDecide')}>
          <Space orientation="vertical" size={4}>
            <DecisionDueTag dueOn={limits.decisionDueOn} status={p.status} extended={limits.extension !== undefined} />
            <span>
              {t('decisionDays', { count: limits.decisionDays })}
              {limits.excludedDays ? ` · ${t('excludedDays', { count: limits.excludedDays })}` : ''}
            </span>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('extension')}>
          {limits.extension
            ? t('extensionGranted', { on: formatDate(limits.extension.grantedOn), reason: limits.extension.reason })
            : t('noExtension')}
        </Descriptions.Item>
        <Descriptions.Item label={t('exclusions')} span={2}>
          {limits.exclusions.length ? (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {limits.exclusions.map((e) => (
                <li key={`${e.kind}-${e.from}`}>
                  {t(`exclusionKind.${e.kind}`, { defaultValue: e.kind })}: {formatDate(e.from)} – {formatDate(e.to)}
                </li>
              ))}
            </ul>
          ) : (
            t('common:none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('running')} span={2}>
          {limits.running.length ? (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {limits.running.map((r) => (
                <li key={r.step}>
                  {t(`stepName.${r.step}`, { defaultValue: r.step })}: {formatDate(r.dueOn)} (
                  {t('remindOn', { on: formatDate(r.remindOn) })})
                </li>
              ))}
            </ul>
          ) : (
            t('common:none')
          )}
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

function Findings({ p }: { p: Proceeding }) {
  const { t, i18n } = useTranslation('committee');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {p.findings.map((f) => (
        <Card
          key={f.findingId}
          size="small"
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
              {f.title[lang]}
            </Typography.Title>
          }
          extra={
            <Space size={4}>
              <SeverityTag severity={f.severity} />
              {f.timeBarred ? <ToneTag tone="red">{t('timeBarredTag')}</ToneTag> : null}
            </Space>
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('findings')}>{f.findingId}</Descriptions.Item>
            <Descriptions.Item label={t('rule')}>{f.ruleId}</Descriptions.Item>
            <Descriptions.Item label={t('detectedAt')}>{formatDateTime(f.detectedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('case')}>{f.caseId ?? '—'}</Descriptions.Item>
            {f.explanation ? (
              <Descriptions.Item label={t('explanation')} span={2}>
                {f.explanation[lang]}
              </Descriptions.Item>
            ) : null}
            {f.legalBasis ? (
              <Descriptions.Item label={t('legalBasis')} span={2}>
                {f.legalBasis}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('inspectorConclusion')} span={2}>
              <span>
                {f.conclusion.reasoning}{' '}
                <Typography.Text type="secondary">({formatDateTime(f.conclusion.at)})</Typography.Text>
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('referralNote')} span={2}>
              {f.note || '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
            {t('evidence')}
            {f.evidence?.denouncerWithheld ? (
              <Tag style={{ marginLeft: 8 }} color="default">
                {t('denouncerWithheld')}
              </Tag>
            ) : null}
          </Typography.Title>
          {f.evidence && Object.keys(f.evidence.figures).length ? (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              {Object.entries(f.evidence.figures).map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {figure(k, v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('noEvidence')}</Typography.Text>
          )}
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            {t('events')}: {f.evidence?.eventIds.join(', ') || '—'}
          </Typography.Paragraph>
        </Card>
      ))}
    </Space>
  );
}

function Council({ p }: { p: Proceeding }) {
  const { t } = useTranslation('committee');
  const c = p.council;
  if (!c) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCouncil')} />;
  const seats = (['chair', 'member_1', 'member_2'] as const).filter((s) => c[s]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        title={c.formedOn ? t('formedOn', { on: formatDate(c.formedOn) }) : undefined}
      >
        {seats.map((s) => (
          <Descriptions.Item key={s} label={t(`seat.${s}`)}>
            {officerLabel(p, c[s]!.officerId)}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Card size="small" title={t('recusals')}>
        {p.recusals.length === 0 ? (
          <Typography.Text type="secondary">{t('noRecusals')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={p.recusals}
            renderItem={(r) => (
              <List.Item>
                <div>
                  <div>
                    {t('recusalLine', {
                      officer: r.officerId,
                      seat: t(`seat.${r.seat}`, { defaultValue: r.seat }),
                      on: formatDate(r.on),
                    })}
                    {r.replacedBy ? ` — ${t('replacedBy', { officer: officerLabel(p, r.replacedBy) })}` : ''}
                  </div>
                  <Space size={4} wrap style={{ marginTop: 4 }}>
                    {r.grounds.map((g) => (
                      <Tag key={g}>{t(`grounds.${g}`, { defaultValue: g })}</Tag>
                    ))}
                  </Space>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}

function Hearing({ p, base }: { p: Proceeding; base: string }) {
  const { t } = useTranslation('committee');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('calls')}>
        {p.calls.length === 0 ? (
          <Typography.Text type="secondary">{t('noCalls')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={p.calls}
            renderItem={(c) => (
              <List.Item>
                {t('callLine', { summonedOn: formatDate(c.summonedOn), meetingOn: formatDate(c.meetingOn) })}
                {c.subject ? ` — ${t(`attendance.${c.subject}`, { defaultValue: c.subject })}` : ''}
              </List.Item>
            )}
          />
        )}
        {p.metOn ? (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            {t('metOn', { on: formatDate(p.metOn) })}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card size="small" title={t('submissions')}>
        {p.submissions.length === 0 ? (
          <Typography.Text type="secondary">{t('noSubmissions')}</Typography.Text>
        ) : (
          p.submissions.map((s) => (
            <div key={s.submissionId} style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('submittedAt', { at: formatDateTime(s.at) })}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{s.text}</Typography.Paragraph>
              {s.documents.length ? (
                <List
                  size="small"
                  dataSource={s.documents}
                  renderItem={(d) => (
                    <List.Item>
                      <a href={`${base}/documents/${d.sha256}`} download={d.name}>
                        <DownloadOutlined /> {d.name}
                      </a>{' '}
                      <Typography.Text type="secondary">({formatNumber(d.size)} B)</Typography.Text>
                    </List.Item>
                  )}
                />
              ) : null}
            </div>
          ))
        )}
      </Card>
      <Card size="small" title={t('minutes')}>
        {p.metOn ? (
          <Space wrap>
            <Button icon={<FileTextOutlined />} href={`${base}/minutes`} target="_blank" rel="noopener">
              {t('minutesHtml')}
            </Button>
            <Button
              icon={<FilePdfOutlined />}
              href={`${base}/minutes?format=pdf`}
              download={`bien-ban-${p.proceedingId}.pdf`}
            >
              {t('minutesPdf')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('minutesLater')}</Typography.Text>
        )}
      </Card>
    </Space>
  );
}

function Outcome({ p }: { p: Proceeding }) {
  const { t } = useTranslation('committee');
  const outcomeText = useOutcomeText();
  const choiceLabel = useChoiceLabel();
  const item = (label: string, value: ReactNode, span = 1) => (
    <Descriptions.Item key={label} label={label} span={span}>
      {value}
    </Descriptions.Item>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('recommendation')}>
        {p.recommendation ? (
          `${outcomeText(p.recommendation)} (${formatDate(p.recommendation.on)})`
        ) : (
          <Typography.Text type="secondary">{t('nothingYet')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('decision')}>
        {p.decision ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            {item(t('outcome'), `${outcomeText(p.decision)} (${formatDate(p.decision.on)})`, 2)}
            {p.decision.by ? item(t('decider'), p.decision.by) : null}
            {item(t('servedOn'), formatDate(p.decision.servedOn))}
            {p.decision.appealBy ? item(t('appealBy'), formatDate(p.decision.appealBy)) : null}
            {p.decision.reason ? item(t('decisionReason'), p.decision.reason, 2) : null}
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('nothingYet')}</Typography.Text>
        )}
      </Card>
      {p.investigators ? (
        <Card size="small" title={t('investigatorsTitle')}>
          <Typography.Paragraph>
            {formatDate(p.investigators.on)}:{' '}
            {p.investigators.signs.map((s) => t(`signs.${s}`, { defaultValue: s })).join('; ')}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {p.investigators.note}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <Card size="small" title={t('appeal')}>
        {p.appeal ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            {item(t('lodgedOn'), formatDate(p.appeal.lodgedOn))}
            {item(t('appealDue'), formatDate(p.appeal.dueOn))}
            {p.appeal.grounds ? item(t('appealGrounds'), p.appeal.grounds, 2) : null}
            {item(
              t('reviewer'),
              p.appeal.reviewerId ? (
                <span>
                  {p.appeal.reviewerId}
                  {p.appeal.designatedBy && p.appeal.designatedOn ? (
                    <Typography.Text type="secondary">
                      {' '}
                      ({t('designatedBy', { by: p.appeal.designatedBy, on: formatDate(p.appeal.designatedOn) })})
                    </Typography.Text>
                  ) : null}
                </span>
              ) : (
                t('notDesignated')
              ),
              2,
            )}
            {p.appeal.result
              ? item(
                  t('appealResult'),
                  `${t(`appealResults.${p.appeal.result}`, { defaultValue: p.appeal.result })}${p.appeal.form ? ` — ${choiceLabel(p.appeal.form)}` : ''}${p.appeal.resolvedOn ? ` (${formatDate(p.appeal.resolvedOn)})` : ''}`,
                  2,
                )
              : null}
            {p.appeal.reasoning ? item(t('reasoning'), p.appeal.reasoning, 2) : null}
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('nothingYet')}</Typography.Text>
        )}
      </Card>
    </Space>
  );
}
