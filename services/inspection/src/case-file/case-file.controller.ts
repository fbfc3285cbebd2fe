import { Controller, Get, Param } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api } from '@thads/http';
import { READERS } from '../findings/finding-access';
import { CaseFileService } from './case-file.service';
import { DENOUNCER_READERS } from './denouncer';

const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
const Item = Type.Object({ id: Type.String(), vi: Type.String(), en: Type.String() });

const CaseFileSchema = Type.Object({
  findingId: Type.String(),
  finding: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The finding as the detector published it, with its current status and revision.',
  }),
  rule: Type.Object({
    ruleId: Type.String(),
    ruleVersion: Type.Integer(),
    legalBasis: Type.String(),
    firesWhen: Bilingual,
    checklist: Type.Array(Item),
  }),
  caseId: Type.Optional(Type.String()),
  timeline: Type.Array(
    Type.Object({
      eventId: Type.String(),
      type: Type.String(),
      occurredAt: Type.String(),
      caseId: Type.Optional(Type.String()),
      unitId: Type.Optional(Type.String()),
      actorId: Type.Optional(Type.String()),
      data: Type.Record(Type.String(), Type.Unknown()),
      inEvidence: Type.Boolean(),
      denouncerWithheld: Type.Optional(
        Type.Literal(true, { description: "A denunciation whose denouncer's fields were left out." }),
      ),
    }),
  ),
  ledger: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: 'Collected, deposited, paid out, remitted, fees; money held after each line.',
    }),
  ),
  officer: Type.Optional(
    Type.Object({
      officerId: Type.String(),
      name: Type.Optional(Type.String()),
      unitId: Type.Optional(Type.String()),
      otherFindings: Type.Array(
        Type.Object({
          findingId: Type.String(),
          ruleId: Type.String(),
          severity: Type.String(),
          status: Type.String(),
          detectedAt: Type.String(),
          caseId: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
});

const DenouncerSchema = Type.Object({
  complaintId: Type.String(),
  caseId: Type.Optional(Type.String()),
  againstOfficerId: Type.Optional(Type.String()),
  denouncer: Type.Record(Type.String(), Type.Unknown(), {
    description: "Every field the producer sent beyond the contract: the denouncer's identity.",
  }),
});

@Controller('api')
export class CaseFileController {
  constructor(private readonly caseFiles: CaseFileService) {}

  @Roles(...READERS)
  @Get('findings/:id/case-file')
  @Api({
    summary: 'The case file behind a finding',
    description:
      "Timeline with the evidence marked (denouncers withheld), money ledger, the officer's other findings in your units, the rule's explanation, legal basis and checklist.",
    params: { id: 'The finding id.' },
    response: { description: 'The case file.', schema: CaseFileSchema },
    errors: { 404: 'No such finding.' },
  })
  caseFile(@Principal() principal: Principal, @Param('id') id: string) {
    return this.caseFiles.caseFile(principal, id);
  }

  @Roles(...DENOUNCER_READERS)
  @Get('complaints/:complaintId/denouncer')
  @Api({
    summary: 'Who made a denunciation',
    description:
      "Only within your units, never to anyone of the accused officer's unit or the accused. Every read and refusal is audited.",
    params: { complaintId: 'The complaint id.' },
    response: { description: 'The denouncer.', schema: DenouncerSchema },
    errors: { 404: 'No such denunciation.' },
  })
  denouncer(@Principal() principal: Principal, @Param('complaintId') complaintId: string) {
    return this.caseFiles.denouncer(principal, complaintId);
  }
}
