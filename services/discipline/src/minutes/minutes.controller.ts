import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, AppError, S, ValidQuery } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { DISCIPLINE_CONFIG, type DisciplineConfig } from '../config';
import { BallotRepository } from '../ballot/ballot.repository';
import { ProceedingAccess } from '../proceedings/proceeding-access';
import { PROCEEDING_ID } from '../proceedings/proceedings.controller';
import type { RoundSeal } from '../domain';
import { renderMinutes } from './minutes';
import { htmlToPdf } from './pdf';

const MinutesQuery = Type.Object({
  format: Type.Optional(S.oneOf(['html', 'pdf'] as const, 'HTML (the default) or PDF.')),
});
type MinutesQuery = Static<typeof MinutesQuery>;

/** The minutes of the council's meeting. */
@Controller('api/discipline/proceedings')
export class MinutesController {
  constructor(
    private readonly access: ProceedingAccess,
    private readonly ballots: BallotRepository,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(DISCIPLINE_CONFIG) private readonly config: DisciplineConfig,
  ) {}

  @Roles()
  @Get(':id/minutes')
  @Api({
    summary: "The council meeting's minutes",
    description:
      'In Vietnamese, generated from the record once the council has met: the council and its recusals, the summons and attendance, the breaches, the written response, every round’s tally and commitment (never who voted what) and the recommendation. HTML, or PDF with `?format=pdf` (printed by a headless Chromium; 503 where none is installed). For the subject and the readers in scope.',
    params: PROCEEDING_ID,
    query: MinutesQuery,
    response: { description: 'The minutes.', contentType: 'text/html' },
    errors: { 404: 'No such proceeding.', 409: 'The council has not met yet.', 503: 'No PDF printer here.' },
  })
  async minutes(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @ValidQuery() q: MinutesQuery,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.access.subjectOrReader(principal, id);
    if (doc.proceeding.metOn === undefined)
      throw new AppError('PROCEEDING_STEP_REFUSED', { reason: 'the council has not met: there are no minutes yet' });
    const org = await this.org.snapshot();
    const seals: RoundSeal[] = [];
    for (const r of doc.proceeding.rounds) {
      const sealed = await this.ballots.read(r.roundId);
      if (sealed) seals.push(sealed.seal);
    }
    const html = renderMinutes({
      doc,
      seals,
      nameOf: (officerId) => org.officer(officerId)?.name,
      unitName: (unitId) => org.unit(unitId)?.name,
    });
    if (q.format !== 'pdf') {
      res.type('html').send(html);
      return;
    }
    let pdf: Buffer;
    try {
      pdf = await htmlToPdf(this.config.chromiumPath, html);
    } catch (err) {
      throw new AppError('UNAVAILABLE', {
        reason: `the minutes cannot be printed as PDF here (${err instanceof Error ? err.message.split('\n')[0]! : String(err)}); ask for HTML`,
      });
    }
    res.setHeader('content-disposition', `inline; filename="bien-ban-${doc._id}.pdf"`);
    res.type('application/pdf').send(pdf);
  }
}
