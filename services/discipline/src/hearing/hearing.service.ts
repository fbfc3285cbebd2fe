import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, notFound, type Later } from '@thads/http';
import { dayFromIso, isoFromDay } from '@thads/rules';
import { CLOCK, type Clock } from '../core/clock';
import { DISCIPLINE_CONFIG, type DisciplineConfig } from '../config';
import { absenceRuling, startOfMeeting, transition } from '../domain';
import { disciplineEvent } from '../proceedings/announcements';
import { ProceedingAccess } from '../proceedings/proceeding-access';
import type { DocumentRef, SubmissionRecord } from '../proceedings/proceeding-record';
import { ProceedingSteps } from '../proceedings/proceeding-steps.service';
import { ProceedingsService } from '../proceedings/proceedings.service';
import { refusalError } from '../proceedings/refusals';
import type { ProceedingView } from '../proceedings/views';
import { councilChanges, recomposed, recusalsOf } from '../council/council.service';
import { documentProblem, quotaProblem, type UploadQuota } from './documents';
import { mayTake } from '../proceedings/step-rules';
import type { MeetingBody, ResponseBody, SummonsBody, UploadQuery } from './schemas';
import { SubmissionsRepository } from './submissions.repository';

/**
 * Due process: the summons at least 5 working days ahead, the subject's written response and
 * documents before the meeting, the meeting itself (all three members present; after a second
 * absence without a valid reason, without the subject).
 */
@Injectable()
export class HearingService {
  constructor(
    private readonly access: ProceedingAccess,
    private readonly steps: ProceedingSteps,
    private readonly proceedings: ProceedingsService,
    private readonly submissions: SubmissionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DISCIPLINE_CONFIG) config: DisciplineConfig,
  ) {
    this.quota = { documents: config.documentsPerProceeding, bytes: config.documentBytesPerProceeding };
  }

  private readonly quota: UploadQuota;

  async summon(principal: Principal, proceedingId: string, body: Later<SummonsBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('summon', this.access, principal, d, ctx, body);
      const meetingOn = dayFromIso(b.meetingOn);
      if (Number.isNaN(meetingOn)) throw invalidField('meetingOn', 'not a real day');
      const check = ctx.limits.checkMeetingDay(ctx.today, meetingOn);
      if (!check.ok && check.code === 'not_a_working_day')
        throw new AppError('MEETING_DAY_OFF', { day: b.meetingOn }, { field: 'meetingOn' });
      // Whoever a ground of recusal reaches today gives up their seat before the subject is called.
      const reseated = d.status === 'council_formed' || d.status === 'summoned' ? recomposed(d, ctx) : undefined;
      const step = transition(
        reseated?.proceeding ?? d.proceeding,
        { to: 'summoned', on: ctx.today, meetingOn, ...(b.previous ? { previous: b.previous } : {}) },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok) throw refusalError(step.refusal);
      const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
      const recused = reseated?.recused ?? [];
      return {
        proceeding: step.proceeding,
        changes: { recusals: [...d.recusals, ...councilChanges(recused, ctx.today)] },
        events: (version, at) => [
          ...recusalsOf(about, recused, version, at),
          disciplineEvent('subject.summoned', about, `v${version}`, at, {
            meetingOn: b.meetingOn,
            summonedOn: isoFromDay(ctx.today),
          }),
        ],
        audit: {
          action: 'subject.summoned',
          after: { meetingOn: b.meetingOn, ...(b.previous ? { previous: b.previous } : {}), recused: recused.length },
        },
      };
    });
    return this.proceedings.view(doc, principal);
  }

  /** A document the subject uploads before referring to it in a response (stored once under its SHA-256). */
  async upload(
    principal: Principal,
    proceedingId: string,
    query: Later<UploadQuery>,
    contentType: string,
    content: () => Promise<Buffer>,
  ): Promise<DocumentRef> {
    const doc = await this.access.load(proceedingId);
    this.access.subject(principal, doc);
    const q = query();
    if (startOfMeeting(doc.proceeding) === 0)
      throw new AppError('PROCEEDING_STEP_REFUSED', {
        reason: 'the council has met: the subject speaks there, or appeals the decision',
      });
    // Each document is capped as it is read (DOCUMENT_MAX_BYTES), the proceeding's documents
    // together here: a subject cannot fill the store one document at a time.
    const bytes = await content();
    const problem = documentProblem(contentType, bytes);
    if (problem) throw new AppError('UNSUPPORTED_CONTENT', { reason: problem });
    const ref: DocumentRef = {
      name: q.name,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    const used = await this.submissions.usage(proceedingId);
    const over = quotaProblem(used, this.quota, ref);
    if (over) throw new AppError('PAYLOAD_TOO_LARGE', { limit: over }, { details: { used, quota: this.quota } });
    await this.submissions.save(proceedingId, ref, bytes, new Date(this.clock.now()));
    return ref;
  }

  /** The subject's written response, with documents uploaded before, taken into account if it comes before the meeting. */
  async respond(principal: Principal, proceedingId: string, body: Later<ResponseBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, async (d, ctx) => {
      // The subject's, before the meeting starts (`checkSubmission`).
      const { body: b } = mayTake('respond', this.access, principal, d, ctx, body);
      const digests = [...new Set(b.documents ?? [])];
      const uploads = await this.submissions.uploaded(proceedingId, digests);
      const missing = digests.filter((x) => !uploads.some((u) => u.sha256 === x));
      if (missing.length > 0) throw invalidField('documents', `not uploaded to this proceeding: ${missing.join(', ')}`);
      const submission: SubmissionRecord = {
        submissionId: randomBytes(8).toString('hex'),
        text: b.text,
        documents: uploads.map((u) => ({ name: u.name, contentType: u.contentType, size: u.size, sha256: u.sha256 })),
        at: new Date(ctx.now).toISOString(),
      };
      const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
      return {
        proceeding: d.proceeding,
        changes: { submissions: [...d.submissions, submission] },
        events: (version, at) => [
          disciplineEvent('subject.responded', about, `v${version}`, at, { documents: submission.documents.length }),
        ],
        audit: {
          action: 'subject.responded',
          after: { submissionId: submission.submissionId, documents: submission.documents.map((x) => x.sha256) },
        },
      };
    });
    return this.proceedings.view(doc, principal);
  }

  /** A submitted document, for the subject and the readers in scope. */
  async document(principal: Principal, proceedingId: string, sha256: string) {
    await this.access.subjectOrReader(principal, proceedingId);
    const found = await this.submissions.content(proceedingId, sha256);
    if (!found) throw notFound(`document ${sha256}`);
    return found;
  }

  async meet(principal: Principal, proceedingId: string, body: Later<MeetingBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('meet', this.access, principal, d, ctx, body);
      const step = transition(
        d.proceeding,
        { to: 'met', on: ctx.today, present: b.present, subject: b.subject },
        { limits: ctx.limits, org: ctx.council },
      );
      if (!step.ok) throw refusalError(step.refusal);
      const p = step.proceeding;
      const ruling = absenceRuling(p.calls.map((c) => c.subject ?? 'present'));
      const subjectPresent = ruling.proceed && ruling.subjectPresent;
      const inAbsence = ruling.proceed && ruling.inAbsence === 'second_unexcused_absence';
      const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
      return {
        proceeding: p,
        events: (version, at) => [
          disciplineEvent('meeting.held', about, `v${version}`, at, {
            heldOn: isoFromDay(ctx.today),
            subjectPresent,
            proceededInAbsence: inAbsence,
          }),
        ],
        audit: { action: 'meeting.held', after: { present: [...b.present].sort(), subject: b.subject } },
      };
    });
    return this.proceedings.view(doc, principal);
  }
}
