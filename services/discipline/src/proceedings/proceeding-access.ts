import { Inject, Injectable } from '@nestjs/common';
import type { Principal, Role } from '@thads/auth';
import { AppError, notFound, outOfScope } from '@thads/http';
import { OrgRepository, personalConflict, type OrgSnapshot } from '@thads/org';
import { appealAuthority, disciplinaryAuthority, MANAGERIAL_ROLES, type CouncilContext } from '../domain';
import type { ProceedingDoc } from './proceeding-record';
import { ProceedingsRepository } from './proceedings.repository';

/** Who reads proceedings (within their units): the committees, the inspection supervisors, leadership, administrators. */
export const READERS: Role[] = ['committee_member', 'committee_chair', 'inspection_supervisor', 'leadership', 'admin'];

/**
 * Unit scope and the roles of a proceeding applied to its callers. The roles a token carries say
 * what kind of work a user does; who may take a step in one proceeding is decided here, from the
 * officer their account is linked to (`officerId` claim): the chair and the members of its
 * council, the leaders of the disciplining authority, its subject, the reviewer of its appeal.
 * Nobody concerned — the subject, or anyone with a declared relation to them — acts for the
 * council or the authority.
 */
@Injectable()
export class ProceedingAccess {
  constructor(
    private readonly proceedings: ProceedingsRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

  snapshot(): Promise<OrgSnapshot> {
    return this.org.snapshot();
  }

  async scopedUnits(principal: Principal): Promise<string[]> {
    return (await this.org.snapshot()).tree.scopeOf(principal.unitId);
  }

  async load(proceedingId: string): Promise<ProceedingDoc> {
    const doc = await this.proceedings.get(proceedingId);
    if (!doc) throw notFound(`proceeding ${proceedingId}`);
    return doc;
  }

  /** Unless the subject's unit is the caller's or below it, the 404 of a proceeding that does not exist (`outOfScope`). */
  inScope(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot): void {
    if (!org.tree.inScope(principal.unitId, doc.unitId)) throw outOfScope(`proceeding ${doc._id}`, doc.unitId);
  }

  /** A reader in scope (the role was checked by the guard). */
  async visible(principal: Principal, proceedingId: string): Promise<{ doc: ProceedingDoc; org: OrgSnapshot }> {
    const doc = await this.load(proceedingId);
    const org = await this.org.snapshot();
    this.inScope(principal, doc, org);
    return { doc, org };
  }

  officerOf(principal: Principal): string {
    if (!principal.officerId) throw new AppError('NO_OFFICER_LINK');
    return principal.officerId;
  }

  isSubject(principal: Principal, doc: ProceedingDoc): boolean {
    return principal.officerId !== undefined && principal.officerId === doc.officerId;
  }

  /** PROCEEDING_CONCERNED for the subject and anyone with a declared relation to them. */
  notConcerned(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot): void {
    const conflict = personalConflict(
      { officerId: principal.officerId, unitId: principal.unitId },
      { officerId: doc.officerId, unitId: doc.unitId },
      org.relations,
    );
    if (conflict === undefined) return;
    const reason =
      conflict === 'is the officer concerned'
        ? 'you are its subject'
        : conflict.startsWith('declared')
          ? 'you declared a relation to its subject'
          : 'its subject declared a relation to you';
    throw new AppError('PROCEEDING_CONCERNED', { proceedingId: doc._id, reason });
  }

  /** The chair of the proceeding's council, in scope and not concerned. */
  chair(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot): string {
    this.inScope(principal, doc, org);
    this.notConcerned(principal, doc, org);
    const officerId = this.officerOf(principal);
    if (doc.proceeding.council?.chair !== officerId) throw new AppError('NOT_THE_CHAIR', { proceedingId: doc._id });
    return officerId;
  }

  /** A member (any seat) of the proceeding's council, not concerned. */
  member(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot, members: readonly string[]): string {
    this.inScope(principal, doc, org);
    this.notConcerned(principal, doc, org);
    const officerId = this.officerOf(principal);
    if (!members.includes(officerId)) throw new AppError('NOT_A_COUNCIL_MEMBER', { proceedingId: doc._id });
    return officerId;
  }

  /**
   * The head or a deputy head of the disciplining authority (the subject's unit, or the unit
   * above when the subject heads it): they form the council and decide. In scope, not concerned.
   */
  authority(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot): string {
    this.inScope(principal, doc, org);
    this.notConcerned(principal, doc, org);
    const officerId = this.officerOf(principal);
    const unitId = authorityUnitOf(doc, org);
    const officer = org.officer(officerId);
    if (officer?.unitId !== unitId || !MANAGERIAL_ROLES.includes(officer.role ?? ''))
      throw new AppError('NOT_THE_AUTHORITY', { unitId });
    return officerId;
  }

  /** The subject themself (their own rights: respond, appeal). */
  subject(principal: Principal, doc: ProceedingDoc): string {
    if (!this.isSubject(principal, doc)) throw new AppError('NOT_THE_SUBJECT', { proceedingId: doc._id });
    return doc.officerId;
  }

  /**
   * The head or a deputy head of the appeal authority (`appealAuthority`: the unit above the
   * disciplining authority, or that authority itself at the top of the registry): they designate
   * the appeal's reviewer. In scope, not concerned, neither the decider nor a member of the council.
   */
  appealAuthority(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot, council: CouncilContext): string {
    this.inScope(principal, doc, org);
    this.notConcerned(principal, doc, org);
    const officerId = this.officerOf(principal);
    const authority = appealAuthority(council);
    if (!authority.ok)
      throw new AppError(
        'PROCEEDING_STEP_REFUSED',
        { reason: authority.message },
        { details: { refusal: 'no_appeal_authority' } },
      );
    const officer = org.officer(officerId);
    if (officer?.unitId !== authority.unitId || !MANAGERIAL_ROLES.includes(officer.role ?? ''))
      throw new AppError('NOT_THE_SUPERIOR_AUTHORITY', { unitId: authority.unitId });
    // Whoever decided, or sat on the council, does not choose who reviews the decision — at the top
    // of the registry they are leaders of the very unit that handles the appeal.
    const p = doc.proceeding;
    if (p.decision?.by === officerId)
      throw new AppError('PROCEEDING_CONCERNED', {
        proceedingId: doc._id,
        reason: 'you took the decision under appeal',
      });
    if (p.everSat.includes(officerId))
      throw new AppError('PROCEEDING_CONCERNED', { proceedingId: doc._id, reason: 'you sat on its council' });
    return officerId;
  }

  /**
   * The reviewer designated for the appeal, judged again when they act: the proceeding must still
   * be in their scope (OUT_OF_SCOPE once they moved away); whether they are still eligible
   * against today's registry (a relation declared since, a move out of the authority above) is
   * the domain's check at the step (REVIEWER_NO_LONGER_ELIGIBLE).
   */
  reviewer(principal: Principal, doc: ProceedingDoc, org: OrgSnapshot): string {
    const reviewerId = doc.proceeding.appeal?.reviewerId;
    // No reviewer designated: nobody may resolve the appeal (the same 403 for everyone).
    if (reviewerId === undefined || principal.officerId !== reviewerId)
      throw new AppError('NOT_THE_REVIEWER', { reviewerId: reviewerId ?? '—' });
    this.inScope(principal, doc, org);
    return reviewerId;
  }

  /** The subject, or a reader in scope: who may read the materials and the minutes. */
  async subjectOrReader(principal: Principal, proceedingId: string): Promise<ProceedingDoc> {
    const doc = await this.load(proceedingId);
    if (this.isSubject(principal, doc)) return doc;
    if (!principal.roles.some((r) => READERS.includes(r)))
      throw new AppError('NOT_THE_SUBJECT', { proceedingId: doc._id });
    this.inScope(principal, doc, await this.org.snapshot());
    return doc;
  }
}

/** The unit whose leaders chair the council and decide (the subject's own unit when the registry does not say). */
export function authorityUnitOf(doc: ProceedingDoc, org: OrgSnapshot): string {
  const subject = org.officer(doc.officerId);
  if (!subject) return doc.unitId;
  const authority = disciplinaryAuthority(subject, org.tree);
  return authority.ok ? authority.unitId : doc.unitId;
}
