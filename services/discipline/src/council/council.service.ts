import { Injectable } from '@nestjs/common';
import type { Principal } from '@thads/auth';
import { AppError, type Later } from '@thads/http';
import type { OrgSnapshot } from '@thads/org';
import { isoFromDay } from '@thads/rules';
import {
  composeCouncil,
  councilMembers,
  reseatCouncil,
  SEATS,
  seatKind,
  transition,
  type AutomaticRecusal,
  type Composition,
  type Council,
  type Proceeding,
} from '../domain';
import type { Announcement } from '../core/outbox';
import { disciplineEvent, type EventSubject } from '../proceedings/announcements';
import { authorityUnitOf, ProceedingAccess } from '../proceedings/proceeding-access';
import type { CouncilChange, ProceedingDoc } from '../proceedings/proceeding-record';
import { ProceedingSteps, type StepContext } from '../proceedings/proceeding-steps.service';
import { ProceedingsService } from '../proceedings/proceedings.service';
import { describeProblem, refusalError } from '../proceedings/refusals';
import type { ProceedingView } from '../proceedings/views';
import { mayTake } from '../proceedings/step-rules';
import type { CouncilBody, RecheckBody } from './schemas';

/**
 * Who may fill a seat emptied by a recusal, in order: the alternates named, then the officers of
 * the disciplining authority and of the units below it, by id (a stable order, so a re-run picks
 * the same). `composeCouncil` keeps only those no ground of recusal reaches.
 */
export function candidatesFor(doc: ProceedingDoc, org: OrgSnapshot, alternates: readonly string[] = []): string[] {
  const authority = authorityUnitOf(doc, org);
  const around = new Set(org.tree.scopeOf(authority));
  const own = org.officers
    .filter((o) => around.has(o.unitId) && o.officerId !== doc.officerId)
    .map((o) => o.officerId)
    .sort();
  return [...new Set([...alternates, ...own])];
}

/** The events and recusal records of an automatic recomposition. */
export function recusalsOf(
  about: EventSubject,
  recused: readonly AutomaticRecusal[],
  version: number,
  at: number,
): Announcement[] {
  return recused.map((r) =>
    disciplineEvent('council.member_recused', about, `v${version}:${r.seat}`, at, {
      memberId: r.officerId,
      reason: r.recusals.map((x) => x.ground).join(','),
      ...(r.replacedBy ? { replacedBy: r.replacedBy } : {}),
    }),
  );
}

export function councilChanges(recused: readonly AutomaticRecusal[], on: number): CouncilChange[] {
  return recused.map((r) => ({
    on: isoFromDay(on),
    seat: r.seat,
    officerId: r.officerId,
    grounds: r.recusals.map((x) => x.ground),
    ...(r.replacedBy ? { replacedBy: r.replacedBy } : {}),
  }));
}

function composed(c: Composition): { council: Council; recused: AutomaticRecusal[] } {
  if (!c.ok)
    throw new AppError(
      'COUNCIL_INVALID',
      { reason: c.problems.map(describeProblem).join('; ') },
      { details: { problems: c.problems, recused: c.recused } },
    );
  return c;
}

/**
 * The council's seats checked again on today's registry, and refilled where a ground of recusal
 * now reaches a member (a relation declared, a role changed). Undefined when nothing changed.
 */
export function recomposed(
  doc: ProceedingDoc,
  ctx: StepContext,
  alternates: readonly string[] = [],
): { proceeding: Proceeding; recused: AutomaticRecusal[] } | undefined {
  const council = doc.proceeding.council;
  if (council === undefined) return undefined;
  const { council: next, recused } = composed(
    composeCouncil(council, candidatesFor(doc, ctx.org, alternates), ctx.council),
  );
  if (recused.length === 0) return undefined;
  const step = reseatCouncil(doc.proceeding, next, ctx.council);
  if (!step.ok) throw refusalError(step.refusal);
  return { proceeding: step.proceeding, recused };
}

/** Forming the council (three members, chaired by a leader of the authority) with automatic recusal. */
@Injectable()
export class CouncilService {
  constructor(
    private readonly access: ProceedingAccess,
    private readonly steps: ProceedingSteps,
    private readonly proceedings: ProceedingsService,
  ) {}

  async form(principal: Principal, proceedingId: string, body: Later<CouncilBody>): Promise<ProceedingView> {
    const doc = await this.steps.apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
      const { body: b } = mayTake('formCouncil', this.access, principal, d, ctx, body);
      const [member_1, member_2] = b.members as [string, string];
      const proposal: Council = { chair: b.chair, member_1, member_2 };
      const { council, recused } = composed(
        composeCouncil(proposal, candidatesFor(d, ctx.org, b.alternates), ctx.council),
      );
      const step = transition(
        d.proceeding,
        { to: 'council_formed', on: ctx.today, council },
        {
          limits: ctx.limits,
          org: ctx.council,
        },
      );
      if (!step.ok) throw refusalError(step.refusal);
      const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
      return {
        proceeding: step.proceeding,
        changes: { recusals: [...d.recusals, ...councilChanges(recused, ctx.today)] },
        events: (version, at) => [
          ...recusalsOf(about, recused, version, at),
          disciplineEvent('council.formed', about, `v${version}`, at, {
            members: SEATS.map((seat) => ({ officerId: council[seat]!, seat: seatKind(seat) })),
          }),
        ],
        audit: {
          action: 'council.formed',
          after: {
            council,
            recused: recused.map((r) => ({ seat: r.seat, officerId: r.officerId, replacedBy: r.replacedBy })),
          },
        },
      };
    });
    return this.proceedings.view(doc, principal);
  }

  /** The seats checked again on today's registry before the meeting; a recused member is replaced. */
  async recheck(principal: Principal, proceedingId: string, body: Later<RecheckBody>): Promise<ProceedingView> {
    let unchanged: ProceedingDoc | undefined;
    const doc = await this.steps
      .apply(proceedingId, `user:${principal.sub}`, (d, ctx) => {
        const { body: b } = mayTake('recheckCouncil', this.access, principal, d, ctx, body);
        const next = recomposed(d, ctx, b.alternates);
        if (next === undefined) {
          unchanged = d;
          throw new NothingToDo();
        }
        const about = { proceedingId: d._id, officerId: d.officerId, unitId: d.unitId };
        return {
          proceeding: next.proceeding,
          changes: { recusals: [...d.recusals, ...councilChanges(next.recused, ctx.today)] },
          events: (version, at) => recusalsOf(about, next.recused, version, at),
          audit: {
            action: 'council.recomposed',
            after: { members: councilMembers(next.proceeding.council!), recused: next.recused.map((r) => r.officerId) },
          },
        };
      })
      .catch((err: unknown) => {
        if (err instanceof NothingToDo && unchanged) return unchanged;
        throw err;
      });
    return this.proceedings.view(doc, principal);
  }
}

/** The council is valid as it stands: no step to save. */
class NothingToDo extends Error {}
