import { useEffect, useState } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { data, discipline, inspection } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui/ErrorResult';
import { chainsFor, outcome, type Chain, type Outcome, type Verification } from './audit-verification';

type Run =
  | { state: 'idle' }
  | { state: 'running'; since: number }
  | { state: 'done'; outcome: Outcome; at: Date }
  | { state: 'failed'; error: unknown; at: Date };

/** Each service recomputes its own chain; the answer comes when the whole chain is read. */
async function verify(chain: Chain): Promise<Verification> {
  switch (chain) {
    case 'inspection':
      return data(await inspection.GET('/api/audit/verify'));
    case 'discipline':
      return data(await discipline.GET('/api/discipline/audit/verify'));
  }
}

/**
 * Verification of the audit chains, on demand: the inspection service's and the discipline
 * service's, those the user's roles may verify. A long chain takes a while to recompute, so
 * each shows that it is running (and for how long) and the page counts the chains done.
 */
export default function Audit() {
  const { t } = useTranslation('admin');
  const { user } = useSession();
  const chains = chainsFor(user.roles);
  const [runs, setRuns] = useState<Partial<Record<Chain, Run>>>({});
  const [now, setNow] = useState(() => Date.now());
  const running = chains.filter((c) => runs[c]?.state === 'running');

  // A clock for the elapsed time, ticking only while a verification runs.
  useEffect(() => {
    if (running.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running.length]);

  async function run(chain: Chain) {
    const since = Date.now();
    setNow(since);
    setRuns((r) => ({ ...r, [chain]: { state: 'running', since } }));
    try {
      const v = await verify(chain);
      setRuns((r) => ({ ...r, [chain]: { state: 'done', outcome: outcome(v), at: new Date() } }));
    } catch (error) {
      setRuns((r) => ({ ...r, [chain]: { state: 'failed', error, at: new Date() } }));
    }
  }

  const started = chains.filter((c) => (runs[c]?.state ?? 'idle') !== 'idle');
  const finished = started.filter((c) => runs[c]?.state === 'done' || runs[c]?.state === 'failed');

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>
        {t('audit.intro')}
      </Typography.Paragraph>
      <Space wrap align="center" style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={running.length > 0}
          onClick={() => chains.forEach((c) => void run(c))}
        >
          {t('audit.verifyAll')}
        </Button>
        {started.length ? (
          <div style={{ minWidth: 240 }} aria-live="polite">
            <Progress
              percent={Math.round((finished.length / started.length) * 100)}
              status={running.length ? 'active' : 'normal'}
              format={() => `${String(finished.length)}/${String(started.length)}`}
              aria-label={t('audit.progress', { done: finished.length, total: started.length })}
            />
            <Typography.Text type="secondary">
              {t('audit.progress', { done: finished.length, total: started.length })}
            </Typography.Text>
          </div>
        ) : null}
      </Space>
      <Row gutter={[16, 16]}>
        {chains.map((chain) => (
          <Col key={chain} xs={24} lg={12}>
            <ChainCard chain={chain} run={runs[chain] ?? { state: 'idle' }} now={now} onRun={() => void run(chain)} />
          </Col>
        ))}
      </Row>
    </>
  );
}

function ChainCard({ chain, run, now, onRun }: { chain: Chain; run: Run; now: number; onRun: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Card
      data-testid={`audit-${chain}`}
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t(`audit.chain.${chain}`)}
        </Typography.Title>
      }
      extra={
        <Button
          onClick={onRun}
          loading={run.state === 'running'}
          aria-label={`${t('audit.verifyOne')}: ${t(`audit.chain.${chain}`)}`}
        >
          {t('audit.verifyOne')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t(`audit.covers.${chain}`)}</Typography.Paragraph>
      <div aria-live="polite">
        <RunState run={run} now={now} />
      </div>
    </Card>
  );
}

function RunState({ run, now }: { run: Run; now: number }) {
  const { t } = useTranslation('admin');
  switch (run.state) {
    case 'idle':
      return <Typography.Text type="secondary">{t('audit.notRun')}</Typography.Text>;
    case 'running':
      return (
        <Space>
          <Spin size="small" />
          <Typography.Text>
            {t('audit.running', { seconds: Math.max(0, Math.floor((now - run.since) / 1000)) })}
          </Typography.Text>
        </Space>
      );
    case 'failed':
      return (
        <>
          <ErrorAlert error={run.error} />
          <Typography.Text type="secondary">{t('audit.checkedAt', { at: formatDateTime(run.at) })}</Typography.Text>
        </>
      );
    case 'done':
      return (
        <>
          <OutcomeAlert outcome={run.outcome} />
          <Typography.Text type="secondary">{t('audit.checkedAt', { at: formatDateTime(run.at) })}</Typography.Text>
        </>
      );
  }
}

function OutcomeAlert({ outcome: o }: { outcome: Outcome }) {
  const { t } = useTranslation('admin');
  if (o.kind === 'intact')
    return (
      <Alert
        type="success"
        showIcon
        style={{ marginBottom: 8 }}
        title={t('audit.intact')}
        description={t('audit.intactDetail', { count: o.entries })}
      />
    );
  const c = o.cause;
  const why =
    c.kind === 'gap'
      ? t('audit.cause.gap', { from: c.from, to: c.to })
      : c.kind === 'other'
        ? t('audit.cause.other', { text: c.text || '—' })
        : t(`audit.cause.${c.kind}`);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 8 }}
      title={t('audit.broken')}
      description={
        <>
          <div>{t('audit.brokenDetail', { seq: o.firstBad, count: o.entries })}</div>
          <div>{why}</div>
          <div style={{ marginTop: 4 }}>
            <strong>{t('audit.brokenAdvice')}</strong>
          </div>
        </>
      }
    />
  );
}
