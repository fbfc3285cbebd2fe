import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, LaterQuery, readBody, type Later } from '@thads/http';
import { rolesOf } from '../proceedings/step-rules';
import { PROCEEDING_ID, STEP_ERRORS } from '../proceedings/proceedings.controller';
import { StepResult } from '../proceedings/schemas';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from './documents';
import { HearingService } from './hearing.service';
import { DocumentSchema, MeetingBody, ResponseBody, SummonsBody, UploadQuery } from './schemas';

/** Due process: the summons, the subject's response and documents, the meeting. */
@Controller('api/discipline/proceedings')
export class HearingController {
  constructor(private readonly hearing: HearingService) {}

  @Roles(...rolesOf('summon'))
  @Post(':id/summons')
  @HttpCode(200)
  @Api({
    summary: 'Summon the subject to the meeting',
    description:
      "Today's summons for a meeting at least 5 working days later, on a working day (400 naming `meetingOn` otherwise, with the earliest day). Calling again after an absence says how the subject answered the last call; after a second absence without a valid reason the council meets without them instead. Before the call the council's seats are checked again and a recused member replaced. The chair of the council. Published as `subject.summoned`.",
    params: PROCEEDING_ID,
    body: SummonsBody,
    response: { description: 'The proceeding with the call.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  summon(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<SummonsBody>) {
    return this.hearing.summon(principal, id, body);
  }

  /** The document is the raw request body; its type is the Content-Type header, its name the `name` query parameter. */
  @Roles()
  @Post(':id/documents')
  @Api({
    summary: 'Upload a document for your response',
    description:
      'The subject only, before the meeting: the raw file as the body, its type in Content-Type (checked against the content), its name in `name`. Stored once under its SHA-256; name it in your written response.',
    params: PROCEEDING_ID,
    query: UploadQuery,
    rawBody: { contentTypes: DOCUMENT_TYPES, description: 'The document.' },
    response: { description: 'The document.', schema: DocumentSchema },
    errors: { 404: 'No such proceeding.', 409: 'The council has met.', 413: 'Larger than the limit.' },
  })
  upload(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @LaterQuery() query: Later<UploadQuery>,
    @Req() req: Request,
  ) {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    return this.hearing.upload(principal, id, query, contentType, () => readBody(req, DOCUMENT_MAX_BYTES));
  }

  @Roles(...rolesOf('respond'))
  @Post(':id/responses')
  @HttpCode(200)
  @Api({
    summary: 'Send your written response',
    description:
      'The subject only, before the meeting starts: the written response and the documents uploaded for it. Published as `subject.responded` (how many documents; never their content).',
    params: PROCEEDING_ID,
    body: ResponseBody,
    response: { description: 'The proceeding with the response.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  respond(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<ResponseBody>) {
    return this.hearing.respond(principal, id, body);
  }

  @Roles()
  @Get(':id/documents/:sha256')
  @Api({
    summary: 'A document of the response',
    description: 'For the subject and the readers of the proceeding.',
    params: { ...PROCEEDING_ID, sha256: 'The SHA-256 of the content.' },
    response: { description: 'The document, with its type.', contentType: 'application/octet-stream' },
    errors: { 404: 'No such proceeding or document.' },
  })
  async document(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @Param('sha256') sha256: string,
    @Res() res: Response,
  ): Promise<void> {
    const blob = await this.hearing.document(principal, id, sha256);
    res.setHeader('content-type', blob.contentType);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-disposition', 'attachment');
    res.send(blob.content);
  }

  @Roles(...rolesOf('meet'))
  @Post(':id/meeting')
  @HttpCode(200)
  @Api({
    summary: 'Hold the meeting',
    description:
      "On the day the subject was summoned for, with all three members present and every seat still valid on today's registry (409 otherwise). The subject present, heard in their absence at their request, or absent: a first absence, or any absence with a valid reason, means a new summons (409 SUMMON_AGAIN); the second without a valid reason lets the council meet without them. The chair of the council. Published as `meeting.held`.",
    params: PROCEEDING_ID,
    body: MeetingBody,
    response: { description: 'The proceeding, met.', schema: StepResult },
    errors: STEP_ERRORS,
  })
  meet(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<MeetingBody>) {
    return this.hearing.meet(principal, id, body);
  }
}
