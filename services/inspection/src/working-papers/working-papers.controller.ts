import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Principal, Roles } from '@thads/auth';
import { Api, LaterBody, LaterQuery, readBody, type Later } from '@thads/http';
import { Inject } from '@nestjs/common';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { READERS } from '../findings/finding-access';
import { ATTACHMENT_TYPES } from './file-types';
import {
  AttachmentSchema,
  AttachQuery,
  ChecklistItemId,
  MarkBody,
  MarkSchema,
  NoteBody,
  NoteSchema,
  WorkingPapersSchema,
} from './schemas';
import { WorkingPapersService } from './working-papers.service';

const FINDING_ID = { id: 'The finding id.' };

/** The inspection's working papers: notes, the rule's checklist, attachments. */
@Controller('api')
export class WorkingPapersController {
  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly papers: WorkingPapersService,
  ) {}

  @Roles(...READERS)
  @Get('findings/:id/work')
  @Api({
    summary: "An inspection's working papers",
    description: 'Notes, the checklist with its marks, attachments.',
    params: FINDING_ID,
    response: { description: 'The working papers.', schema: WorkingPapersSchema },
    errors: { 404: 'No such finding.' },
  })
  view(@Principal() principal: Principal, @Param('id') id: string) {
    return this.papers.view(principal, id);
  }

  @Roles('inspector', 'inspection_supervisor')
  @Post('findings/:id/notes')
  @Api({
    summary: 'Add a note',
    description: 'The assigned inspector or a supervisor, while the finding is not final. Audited.',
    params: FINDING_ID,
    body: NoteBody,
    response: { description: 'The note.', schema: NoteSchema },
    errors: { 404: 'No such finding.', 409: 'The finding is final.' },
  })
  note(@Principal() principal: Principal, @Param('id') id: string, @LaterBody() body: Later<NoteBody>) {
    return this.papers.note(principal, id, () => body().text);
  }

  @Roles('inspector', 'inspection_supervisor')
  @Post('findings/:id/checklist/:itemId')
  @Api({
    summary: 'Mark a checklist item',
    description: 'The latest mark counts; earlier ones are kept. Audited.',
    params: {
      ...FINDING_ID,
      itemId: {
        description:
          "An item of the checklist of the finding's rule or a common one, as `GET /api/findings/{id}/work` lists them; another is a 400 naming `itemId`.",
        schema: ChecklistItemId,
      },
    },
    body: MarkBody,
    response: { description: 'The mark.', schema: MarkSchema },
    errors: { 404: 'No such finding.', 409: 'The finding is final.' },
  })
  mark(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @LaterBody() body: Later<MarkBody>,
  ) {
    return this.papers.mark(principal, id, itemId, body);
  }

  /** The file is the raw request body; its type is the Content-Type header, its name the `name` query parameter. */
  @Roles('inspector', 'inspection_supervisor')
  @Post('findings/:id/attachments')
  @Api({
    summary: 'Attach a file',
    description:
      'The raw file as the body, its type in Content-Type (checked against the content), its name in `name`. Stored once under its SHA-256. Audited.',
    params: FINDING_ID,
    query: AttachQuery,
    rawBody: { contentTypes: ATTACHMENT_TYPES, description: 'The file.' },
    response: { description: 'The attachment.', schema: AttachmentSchema },
    errors: { 404: 'No such finding.', 409: 'The finding is final.', 413: 'Larger than the limit.' },
  })
  async attach(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @LaterQuery() query: Later<AttachQuery>,
    @Req() req: Request,
  ) {
    await this.papers.mayAttach(principal, id);
    const q = query();
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const content = await readBody(req, this.config.attachmentMaxBytes);
    return this.papers.attach(principal, id, q.name, contentType, content);
  }

  @Roles(...READERS)
  @Get('attachments/:sha256')
  @Api({
    summary: "An attachment's content",
    description: 'For anyone who may read a finding it is attached to.',
    params: { sha256: 'The SHA-256 of the content.' },
    response: { description: 'The file, with its type.', contentType: 'application/octet-stream' },
    errors: { 404: 'No such attachment.' },
  })
  async download(
    @Principal() principal: Principal,
    @Param('sha256') sha256: string,
    @Res() res: Response,
  ): Promise<void> {
    const blob = await this.papers.download(principal, sha256);
    res.setHeader('content-type', blob.contentType);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-disposition', 'attachment');
    res.setHeader('etag', `"${sha256}"`);
    res.send(blob.content);
  }
}
