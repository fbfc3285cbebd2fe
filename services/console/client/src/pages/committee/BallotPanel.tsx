import { useState } from 'react';
import { CopyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Radio, Select, Space, Spin, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, discipline } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../ui/ErrorResult';
import { useChoiceLabel } from './labels';
import { ToneTag } from './theme';
import { isCouncilMember, mayVote, type Proceeding, type Viewer } from './proceeding-steps';
import {
  drawBallot,
  forgetBallot,
  InsecureContextError,
  keepBallot,
  keptBallot,
  recountInBrowser,
  verifyCopiedReceipt,
  verifyReceipt,
  type BrowserRecount,
  type KeptBallot,
  type ReceiptCheck,
} from './secret-ballot';

/** Where the member's ballot waits until they have seen it counted: this tab only (secret-ballot.ts says why). */
const tab = (): Storage => sessionStorage;

const VOTING: readonly Proceeding['status'][] = ['met', 'round_1', 'round_2'];

/**
 * The council's secret ballot on the proceeding page: the open round for a member of the
 * council (the ballot drawn in this browser, the receipt to keep), and every closed round's
 * tally, recounted in this browser, with the member's check of their own ballot. Nothing here
 * says who voted what: the service answers a ballot with "accepted" only, and the stored
 * rounds hold ballots without voters.
 */
export function BallotPanel({ proceeding, viewer }: { proceeding: Proceeding; viewer: Viewer }) {
  const { t } = useTranslation('committee');
  const member = isCouncilMember(proceeding, viewer);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('ballotIntro')}
      </Typography.Paragraph>
      {member && viewer.officerId ? (
        VOTING.includes(proceeding.status) ? (
          <OpenRound proceeding={proceeding} officerId={viewer.officerId} />
        ) : null
      ) : (
        <Alert type="info" showIcon title={t('notAMember')} />
      )}
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t('rounds')}
      </Typography.Title>
      {proceeding.rounds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noRounds')} />
      ) : (
        proceeding.rounds.map((r, i) => (
          <ClosedRound
            key={r.roundId}
            proceedingId={proceeding.proceedingId}
            roundId={r.roundId}
            n={i + 1}
            officerId={member ? viewer.officerId : undefined}
          />
        ))
      )}
    </Space>
  );
}

function OpenRound({ proceeding, officerId }: { proceeding: Proceeding; officerId: string }) {
  const { t } = useTranslation('committee');
  const choiceLabel = useChoiceLabel();
  const { modal } = App.useApp();
  const queries = useQueryClient();
  const id = proceeding.proceedingId;
  const [choice, setChoice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [, setKeptVersion] = useState(0);
  const voteListed = mayVote(proceeding);
  const open = useQuery({
    queryKey: ['open-round', id, voteListed],
    // Between rounds the service answers `open: false` (not an error): nothing to vote yet.
    queryFn: async () => {
      const answer = data(
        await discipline.GET('/api/discipline/proceedings/{id}/rounds/open', { params: { path: { id } } }),
      );
      return answer.open ? answer : null;
    },
    // Members vote at the meeting, each on their own device: the round appears when the chair
    // opens it. The proceeding (polled while the council votes) lists `vote` once it is open.
    refetchInterval: 5_000,
  });
  if (open.isPending) return <Spin />;
  if (open.isError) return <ErrorAlert error={open.error} />;
  const round = open.data;
  if (!round) return <Alert type="info" showIcon title={t('noRoundOpen')} />;
  const n = Number(/-r(\d+)$/.exec(round.roundId)?.[1] ?? proceeding.rounds.length + 1);
  const kept = keptBallot(tab(), officerId, round.roundId);

  async function send(ballot: KeptBallot) {
    await discipline.POST('/api/discipline/proceedings/{id}/rounds/{roundId}/ballots', {
      params: { path: { id, roundId: ballot.roundId } },
      body: { choice: ballot.choice, receipt: ballot.receipt },
    });
    // The last ballot seals the round: the proceeding then shows it among the closed rounds.
    await Promise.all([
      queries.invalidateQueries({ queryKey: ['proceeding', id] }),
      queries.invalidateQueries({ queryKey: ['open-round', id] }),
    ]);
  }

  async function cast(chosen: string) {
    setBusy(true);
    setError(undefined);
    let ballot: KeptBallot | undefined;
    try {
      ballot = await drawBallot(round!.roundId, chosen);
      // Kept before it is sent: if the answer is lost, the same ballot (not a second one) goes again.
      keepBallot(tab(), officerId, ballot);
      setKeptVersion((v) => v + 1);
      await send(ballot);
    } catch (err) {
      // A refusal means this ballot is not in the box and never will be: keep nothing that says how
      // this member meant to vote. A lost answer or an unavailable service keeps it to send again.
      if (ballot && err instanceof ApiError && err.status !== 503 && err.body.code !== 'ROUND_HELD_ELSEWHERE') {
        forgetBallot(tab(), officerId, ballot.roundId);
        setKeptVersion((v) => v + 1);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function resend(ballot: KeptBallot) {
    setBusy(true);
    setError(undefined);
    try {
      await send(ballot);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title={
        <span>
          <SafetyCertificateOutlined /> {t('roundOpen', { n, question: t(`question.${round.question}`) })}
        </span>
      }
      extra={<Typography.Text type="secondary">{t('members', { count: round.members })}</Typography.Text>}
    >
      {error ? (
        error instanceof InsecureContextError ? (
          <Alert type="error" showIcon role="alert" title={t('insecure')} style={{ marginBottom: 16 }} />
        ) : (
          <ErrorAlert error={error} />
        )
      ) : null}
      {kept ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="success" showIcon title={t('accepted')} description={t('waitingOthers')} />
          <Receipt receipt={kept.receipt} />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('sendAgainHelp')}
          </Typography.Paragraph>
          <Button loading={busy} onClick={() => void resend(kept)}>
            {t('sendAgain')}
          </Button>
        </Space>
      ) : (
        <Form layout="vertical" onFinish={() => undefined}>
          <Form.Item label={<span id="ballot-choice-label">{t('yourChoice')}</span>} required>
            <Radio.Group
              aria-labelledby="ballot-choice-label"
              value={choice}
              onChange={(e) => setChoice(e.target.value as string)}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              options={round.choices.map((c) => ({ value: c, label: choiceLabel(c) }))}
            />
          </Form.Item>
          <Button
            type="primary"
            disabled={choice === undefined}
            loading={busy}
            onClick={() =>
              void modal.confirm({
                title: t('cast'),
                content: `${t('castConfirm')} ${t('yourChoice')}: ${choiceLabel(choice!)}.`,
                okText: t('cast'),
                cancelText: t('common:cancel'),
                onOk: () => cast(choice!),
              })
            }
          >
            {t('cast')}
          </Button>
          {busy ? (
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {t('casting')}
            </Typography.Text>
          ) : null}
        </Form>
      )}
    </Card>
  );
}

/** The receipt to keep, with a button to copy it; where the browser keeps it and for how long. */
function Receipt({ receipt }: { receipt: string }) {
  const { t } = useTranslation('committee');
  const { message } = App.useApp();
  async function copy() {
    try {
      await navigator.clipboard.writeText(receipt);
      void message.success(t('copied'));
    } catch {
      void message.warning(t('copyFailed'));
    }
  }
  return (
    <div>
      <Typography.Text strong id="ballot-receipt-label">
        {t('receipt')}
      </Typography.Text>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap', margin: '4px 0' }}>
        <code
          data-testid="ballot-receipt"
          style={{
            wordBreak: 'break-all',
            background: '#f5f5f5',
            padding: '4px 8px',
            borderRadius: 4,
            flex: '1 1 320px',
          }}
        >
          {receipt}
        </code>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('copy')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
        {t('receiptHelp')} {t('keptWhere')}
      </Typography.Paragraph>
    </div>
  );
}

/** A closed round: its tally and result, the browser's own recount, and the member's check of their ballot. */
function ClosedRound({
  proceedingId,
  roundId,
  n,
  officerId,
}: {
  proceedingId: string;
  roundId: string;
  n: number;
  officerId: string | undefined;
}) {
  const { t } = useTranslation('committee');
  const choiceLabel = useChoiceLabel();
  const record = useQuery({
    queryKey: ['round', proceedingId, roundId],
    queryFn: async () =>
      data(
        await discipline.GET('/api/discipline/proceedings/{id}/rounds/{roundId}', {
          params: { path: { id: proceedingId, roundId } },
        }),
      ),
    staleTime: Infinity,
  });
  const recount = useQuery({
    queryKey: ['round-recount', proceedingId, roundId],
    enabled: record.isSuccess,
    queryFn: (): Promise<BrowserRecount> => recountInBrowser(record.data!),
    staleTime: Infinity,
  });
  if (record.isPending) return <Spin />;
  if (record.isError) return <ErrorAlert error={record.error} />;
  const { seal, published } = record.data;
  return (
    <Card
      size="small"
      title={`${t('roundLabel', { n })}: ${t(`question.${seal.question}`, { defaultValue: seal.question })}`}
      extra={
        <span>
          {t('result')}: <ToneTag tone="geekblue">{choiceLabel(seal.result.outcome)}</ToneTag>
        </span>
      }
      data-testid={`round-${n}`}
    >
      <Table
        size="small"
        pagination={false}
        rowKey="choice"
        scroll={{ x: 'max-content' }}
        dataSource={seal.choices.map((c) => ({ choice: c, count: seal.tally[c] ?? 0 }))}
        columns={[
          { title: t('choiceColumn'), key: 'choice', render: (_, r) => choiceLabel(r.choice) },
          { title: t('votesColumn'), dataIndex: 'count', key: 'count', align: 'right' },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
        {t('commitment')}:{' '}
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {published ?? '—'}
        </Typography.Text>
      </Typography.Paragraph>
      {recount.isPending ? (
        <Typography.Text type="secondary">{t('recounting')}</Typography.Text>
      ) : recount.isError ? (
        <ErrorAlert error={recount.error} />
      ) : (
        <Alert
          type={recount.data.ok ? 'success' : 'error'}
          showIcon
          role={recount.data.ok ? undefined : 'alert'}
          title={`${t('recount')}: ${recount.data.ok ? t('recountOk') : t('recountBad', { problems: recount.data.problems.map((c) => t(`recountProblem.${c}`, { defaultValue: c })).join('; ') })}`}
        />
      )}
      {officerId ? (
        <MyCheck roundId={roundId} officerId={officerId} ballots={record.data.ballots} choices={seal.choices} />
      ) : null}
    </Card>
  );
}

/** The member's check that their ballot was counted as cast: with the ballot this tab kept, or a copied receipt. */
function MyCheck({
  roundId,
  officerId,
  ballots,
  choices,
}: {
  roundId: string;
  officerId: string;
  ballots: Parameters<typeof verifyCopiedReceipt>[0];
  choices: readonly string[];
}) {
  const { t } = useTranslation('committee');
  const choiceLabel = useChoiceLabel();
  const [kept] = useState(() => keptBallot(tab(), officerId, roundId));
  const [check, setCheck] = useState<ReceiptCheck>();
  const [error, setError] = useState<unknown>();
  const [byCopy, setByCopy] = useState(false);

  async function verifyKept(ballot: KeptBallot) {
    setError(undefined);
    try {
      const answer = await verifyReceipt(ballots, ballot);
      setCheck(answer);
      // Seen counted: nothing needs to stay in this browser that says how the member voted.
      if (answer.ok) forgetBallot(tab(), officerId, roundId);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div style={{ marginTop: 12 }}>
      {error ? <ErrorAlert error={error} /> : null}
      {kept ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Receipt receipt={kept.receipt} />
          <Button type="primary" onClick={() => void verifyKept(kept)}>
            {t('verify')}
          </Button>
        </Space>
      ) : (
        <Button onClick={() => setByCopy((v) => !v)} aria-expanded={byCopy}>
          {t('verifyWithCopy')}
        </Button>
      )}
      {byCopy && !kept ? (
        <Form
          layout="vertical"
          style={{ marginTop: 12, maxWidth: 560 }}
          onFinish={(v: { receipt: string; choice: string }) =>
            setCheck(verifyCopiedReceipt(ballots, roundId, v.receipt, v.choice))
          }
        >
          <Form.Item
            name="receipt"
            label={t('pastedReceipt')}
            rules={[{ required: true, pattern: /^\s*[0-9a-fA-F]{64}\s*$/, message: t('pastedReceipt') }]}
          >
            <Input autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="choice"
            label={t('rememberedChoice')}
            rules={[{ required: true, message: t('common:required') }]}
          >
            <Select options={choices.map((c) => ({ value: c, label: choiceLabel(c) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('verify')}
          </Button>
        </Form>
      ) : null}
      {check ? (
        <Alert
          style={{ marginTop: 12 }}
          type={check.ok ? 'success' : 'error'}
          showIcon
          role="status"
          data-testid="ballot-check"
          title={check.ok ? t('verifyOk') : check.code === 'not_counted' ? t('verifyNotCounted') : t('verifyAltered')}
          description={check.ok && kept ? t('forgotten') : undefined}
        />
      ) : null}
    </div>
  );
}
