import { createHash } from 'node:crypto';
import { Body, ConflictException, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, PayloadTooLargeException, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuditRepository } from '../audit/audit.repository';
import { CLOCK, type Clock } from '../clock';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { badField, requireString } from '../http/params';
import type { Principal } from '../identity/access';
import { Roles, type AuthedRequest } from '../identity/auth.guard';
import type { InspectionTask } from '../tasks/task.schema';
import { guideFor, type ChecklistItem } from '../case-file/rule-guide';
import { FindingAccess, READERS } from '../workflow/finding-access';
import { isFinal, type FindingStatus } from '../workflow/lifecycle';
import { fileTypeProblem } from './file-types';
import { WorkRepository, type AttachmentDoc, type MarkDoc, type NoteDoc } from './work.repository';

export interface WorkView {
  findingId: string;
  notes: NoteDoc[];
  checklist: (ChecklistItem & { done: boolean; mark?: Omit<MarkDoc, '_id' | 'findingId' | 'itemId'> })[];
  attachments: Omit<AttachmentDoc, 'findingId'>[];
}

/** Reads a request body as bytes, refusing more than `max` (413) without reading the rest into memory. */
async function readBody(req: AuthedRequest, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) throw new PayloadTooLargeException(`an attachment may be at most ${max} bytes; this one is ${declared}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.destroy();
      throw new PayloadTooLargeException(`an attachment may be at most ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The inspection's working papers: notes, the rule's checklist, attachments (stored under
 * their SHA-256, type checked against the content, size limited). The inspector the inspection
 * is assigned to and the supervisors write them; every reader of the finding may read them.
 */
@Controller('api')
export class WorkController {
  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly access: FindingAccess,
    private readonly work: WorkRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles(...READERS)
  @Get('findings/:id/work')
  async view(@Req() req: AuthedRequest, @Param('id') id: string): Promise<WorkView> {
    const task = await this.access.visible(req.principal!, id);
    const [notes, marks, attachments] = await Promise.all([this.work.notes(id), this.work.marks(id), this.work.attachments(id)]);
    const guide = guideFor(task.ruleId);
    return {
      findingId: id,
      notes,
      checklist: [...guide.checklist, ...guide.common].map((item) => {
        const m = marks.get(item.id);
        return { ...item, done: m?.done ?? false, ...(m ? { mark: { done: m.done, by: m.by, at: m.at, ...(m.note ? { note: m.note } : {}) } } : {}) };
      }),
      attachments: attachments.map(({ findingId: _f, ...a }) => a),
    };
  }

  @Roles('inspector', 'inspection_supervisor')
  @Post('findings/:id/notes')
  async note(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown): Promise<NoteDoc> {
    await this.writable(req.principal!, id);
    const text = requireString(body, 'text', 20_000);
    const note = await this.work.addNote(id, req.principal!.sub, text, new Date(this.clock.now()));
    await this.audit.append({ at: note.at.toISOString(), actor: `user:${note.by}`, action: 'inspection.note', subject: `finding:${id}`, after: { noteId: note._id } });
    return note;
  }

  @Roles('inspector', 'inspection_supervisor')
  @Post('findings/:id/checklist/:itemId')
  async mark(@Req() req: AuthedRequest, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: unknown): Promise<MarkDoc> {
    const task = await this.writable(req.principal!, id);
    const guide = guideFor(task.ruleId);
    if (![...guide.checklist, ...guide.common].some((c) => c.id === itemId)) throw badField('itemId', `not an item of the ${task.ruleId} checklist`);
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b['done'] !== 'boolean') throw badField('done', 'required, true or false');
    if (b['note'] !== undefined && (typeof b['note'] !== 'string' || b['note'].length > 2000)) throw badField('note', 'a string of at most 2000 characters');
    const m = await this.work.mark(id, itemId, b['done'], req.principal!.sub, new Date(this.clock.now()), b['note']);
    await this.audit.append({ at: m.at.toISOString(), actor: `user:${m.by}`, action: 'inspection.checklist', subject: `finding:${id}`, after: { itemId, done: m.done } });
    return m;
  }

  /** The file is the raw request body; its type is the Content-Type header, its name the `name` query parameter. */
  @Roles('inspector', 'inspection_supervisor')
  @Post('findings/:id/attachments')
  async attach(@Req() req: AuthedRequest, @Param('id') id: string, @Query('name') name: unknown): Promise<Omit<AttachmentDoc, 'findingId'>> {
    await this.writable(req.principal!, id);
    if (typeof name !== 'string' || name.length === 0 || name.length > 255 || /[/\\\0]/.test(name)) throw badField('name', 'required: the file name, at most 255 characters, no slashes');
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const content = await readBody(req, this.config.attachmentMaxBytes);
    const problem = fileTypeProblem(contentType, content);
    if (problem) throw badField('content-type', problem);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const doc = await this.work.attach({ findingId: id, sha256, name, contentType, size: content.length, by: req.principal!.sub, at: new Date(this.clock.now()) }, content);
    await this.audit.append({ at: doc.at.toISOString(), actor: `user:${doc.by}`, action: 'inspection.attachment', subject: `finding:${id}`, after: { sha256, name, size: doc.size, contentType } });
    const { findingId: _f, ...out } = doc;
    return out;
  }

  /** An attachment's content, for anyone who may read a finding it is attached to. */
  @Roles(...READERS)
  @Get('attachments/:sha256')
  async download(@Req() req: AuthedRequest, @Param('sha256') sha256: string, @Res() res: Response): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw badField('sha256', '64 lower-case hex digits');
    const findings = await this.work.findingsWith(sha256);
    if (findings.length === 0) throw new NotFoundException(`no attachment ${sha256}`);
    let allowed = false;
    for (const f of findings) {
      try {
        await this.access.visible(req.principal!, f);
        allowed = true;
        break;
      } catch {
        // not this one; maybe another finding it is attached to
      }
    }
    if (!allowed) throw new ForbiddenException(`attachment ${sha256} belongs to findings outside your scope`);
    const blob = await this.work.content(sha256);
    if (!blob) throw new NotFoundException(`content of ${sha256} is missing`);
    res.setHeader('content-type', blob.contentType);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-disposition', 'attachment');
    res.setHeader('etag', `"${sha256}"`);
    res.send(blob.content);
  }

  /** The finding's task when the caller may write its working papers: the assignee or a supervisor, while it is not final. */
  private async writable(principal: Principal, id: string): Promise<InspectionTask> {
    const task = await this.access.visible(principal, id);
    this.access.checkWorker(principal, task);
    if (isFinal(task.findingStatus as FindingStatus)) throw new ConflictException(`finding ${id} is ${task.findingStatus}: its file is closed`);
    return task;
  }
}
