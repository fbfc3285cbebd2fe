import { Type, type Static } from '@sinclair/typebox';
import { DISCIPLINE_FORMS } from '@thads/contracts';
import { S } from '@thads/http';
import { EXCLUSION_KINDS, PROCEEDING_STATUSES } from '../domain';
import { STEP_KINDS } from './step-rules';

/**
 * The proceedings API's requests and answers, described once: the validation (`@ValidBody()`,
 * `@ValidQuery()`) and the OpenAPI document are derived from these.
 */
export const Day = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    errorMessage: 'a day, YYYY-MM-DD (Vietnam time)',
    description,
  });
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
const Officer = Type.Object({ officerId: Type.String(), name: Type.Optional(Type.String()) });

export const ProceedingListQuery = Type.Object({
  unit: Type.Optional(
    Type.String({ maxLength: 128, description: "Only this unit (the subject's, within your scope)." }),
  ),
  officer: Type.Optional(Type.String({ maxLength: 128, description: 'Only proceedings about this officer.' })),
  status: Type.Optional(S.oneOf(PROCEEDING_STATUSES)),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1, errorMessage: 'an integer from 1 to 100000' }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50, errorMessage: 'an integer from 1 to 500' }),
});
export type ProceedingListQuery = Static<typeof ProceedingListQuery>;

const Outcome = {
  outcome: Type.String({ description: '`disciplined`, `not_disciplined` or `referred_to_investigators`.' }),
  form: Type.Optional(S.oneOf(DISCIPLINE_FORMS)),
};

export const ProceedingSummarySchema = Type.Object({
  proceedingId: Type.String(),
  officerId: Type.String({ description: 'The subject.' }),
  unitId: Type.String({ description: "The subject's unit." }),
  status: S.oneOf(PROCEEDING_STATUSES),
  openedOn: Type.String(),
  findingIds: Type.Array(Type.String()),
  decision: Type.Optional(Type.Object({ on: Type.String(), ...Outcome })),
  appealResult: Type.Optional(Type.String()),
});

export const ProceedingPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ProceedingSummarySchema),
});

export const ProceedingSchema = Type.Object({
  proceedingId: Type.String(),
  version: Type.Integer({ description: 'Raised by every step.' }),
  status: S.oneOf(PROCEEDING_STATUSES),
  allowedNext: Type.Array(S.oneOf(PROCEEDING_STATUSES)),
  allowedSteps: Type.Array(
    S.oneOf(
      STEP_KINDS,
      'A step: `formCouncil` (POST …/council), `recheckCouncil` (…/council/recheck), `extend` (…/extension), `exclude` (…/exclusions), `decide` (…/decision), `serve` (…/decision/service), `investigators`, `summon` (…/summons), `meet` (…/meeting), `openRound` (…/rounds), `vote` (…/rounds/{roundId}/ballots), `recommend` (…/recommendation), `respond` (…/responses, with …/documents), `appeal`, `designateReviewer` (…/appeal/reviewer), `resolveAppeal` (…/appeal/result).',
    ),
    {
      description:
        "The steps you may take now, in the order of the procedure: those whose endpoint would not refuse you for your roles, your part in the proceeding (its council's chair or a member, a leader of the disciplining authority or of the one above, its subject, the appeal's reviewer; never someone concerned), your units or its state — the same rules the endpoints apply. The request itself can still be refused (a meeting day too soon, a form the regime does not allow). `vote` while a round is open.",
    },
  ),
  subject: Type.Object({
    officerId: Type.String(),
    name: Type.Optional(Type.String()),
    unitId: Type.String(),
    employment: Type.String(),
    position: Type.String({ description: '`manager` (head or deputy head) or `staff`.' }),
  }),
  authorityUnitId: Type.String({ description: 'The unit whose head or deputy chairs the council and decides.' }),
  regimes: Type.Array(Type.Object({ id: Type.String(), label: Bilingual }), {
    description: 'Chosen by the date of the facts.',
  }),
  allowedForms: Type.Array(S.oneOf(DISCIPLINE_FORMS), { description: 'What the regime and the position allow.' }),
  openedOn: Type.String(),
  factsOn: Type.Optional(Type.String()),
  discoveredOn: Type.String(),
  limits: Type.Object({
    limitationEndsOn: Type.Optional(Type.String()),
    decisionDueOn: Type.String({ description: 'The time to decide: 90 days (150 once extended) after exclusions.' }),
    decisionDays: Type.Integer(),
    excludedDays: Type.Integer(),
    extension: Type.Optional(Type.Object({ grantedOn: Type.String(), reason: Type.String() })),
    exclusions: Type.Array(Type.Object({ kind: Type.String(), from: Type.String(), to: Type.String() })),
    running: Type.Array(Type.Object({ step: Type.String(), dueOn: Type.String(), remindOn: Type.String() }), {
      description: 'The time limits running now, with the day their reminder goes out.',
    }),
  }),
  findings: Type.Array(
    Type.Object({
      findingId: Type.String(),
      ruleId: Type.String(),
      severity: Type.String(),
      title: Bilingual,
      detectedAt: Type.String(),
      caseId: Type.Optional(Type.String()),
      target: Type.String({ description: 'What the inspection referred it to.' }),
      note: Type.String(),
      conclusion: Type.Object({ result: Type.String(), reasoning: Type.String(), at: Type.String() }),
      explanation: Type.Optional(Bilingual),
      legalBasis: Type.Optional(Type.String()),
      evidence: Type.Optional(
        Type.Object({
          eventIds: Type.Array(Type.String()),
          figures: Type.Record(Type.String(), Type.Unknown()),
          denouncerWithheld: Type.Optional(Type.Boolean()),
        }),
      ),
      timeBarred: Type.Boolean(),
    }),
  ),
  timeBarred: Type.Array(Type.Object({ findingId: Type.String(), lastDay: Type.String(), message: Type.String() })),
  council: Type.Optional(
    Type.Object({
      chair: Type.Optional(Officer),
      member_1: Type.Optional(Officer),
      member_2: Type.Optional(Officer),
      formedOn: Type.Optional(Type.String()),
    }),
  ),
  recusals: Type.Array(
    Type.Object({
      on: Type.String(),
      seat: Type.String(),
      officerId: Type.String(),
      grounds: Type.Array(Type.String()),
      replacedBy: Type.Optional(Type.String()),
    }),
  ),
  calls: Type.Array(
    Type.Object({ summonedOn: Type.String(), meetingOn: Type.String(), subject: Type.Optional(Type.String()) }),
  ),
  metOn: Type.Optional(Type.String()),
  submissions: Type.Array(
    Type.Object({
      submissionId: Type.String(),
      text: Type.String(),
      documents: Type.Array(
        Type.Object({ name: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String() }),
      ),
      at: Type.String(),
    }),
  ),
  rounds: Type.Array(
    Type.Object({ roundId: Type.String(), question: Type.String(), outcome: Type.String(), commitment: Type.String() }),
  ),
  recommendation: Type.Optional(Type.Object({ on: Type.String(), ...Outcome })),
  decision: Type.Optional(
    Type.Object({
      on: Type.String(),
      ...Outcome,
      reason: Type.Optional(Type.String()),
      by: Type.Optional(Type.String()),
      servedOn: Type.Optional(Type.String()),
      appealBy: Type.Optional(Type.String()),
    }),
  ),
  appeal: Type.Optional(
    Type.Object({
      lodgedOn: Type.String(),
      reviewerId: Type.Optional(Type.String()),
      designatedBy: Type.Optional(Type.String()),
      designatedOn: Type.Optional(Type.String()),
      dueOn: Type.String(),
      grounds: Type.Optional(Type.String()),
      result: Type.Optional(Type.String()),
      form: Type.Optional(Type.String()),
      resolvedOn: Type.Optional(Type.String()),
      reasoning: Type.Optional(Type.String()),
    }),
  ),
  investigators: Type.Optional(
    Type.Object({ on: Type.String(), signs: Type.Array(Type.String()), note: Type.String() }),
  ),
  closure: Type.Optional(Type.Object({ on: Type.String(), message: Type.String() })),
});

/** The answer of every step: the proceeding as it now stands. */
export const StepResult = ProceedingSchema;

export const ExtensionBody = Type.Object({
  reason: S.text(5_000, 'Why the matter is complex enough to need 150 days.'),
});
export type ExtensionBody = Static<typeof ExtensionBody>;

export const ExclusionBody = Type.Object({
  kind: S.oneOf(EXCLUSION_KINDS, 'Why the subject cannot be dealt with.'),
  from: Day('First day excluded.'),
  to: Day('Last day excluded.'),
});
export type ExclusionBody = Static<typeof ExclusionBody>;
