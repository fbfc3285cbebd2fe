import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, notFound, outOfScope, type Later } from '@thads/http';
import { CLOCK, type Clock } from '../core/clock';
import type { WorkedFinding } from '../findings/finding';
import { FindingAccess } from '../findings/finding-access';
import { isFinal } from '../findings/lifecycle';
import { guideFor, type ChecklistItem } from '@thads/rules';
import { fileTypeProblem } from './file-types';
import type { MarkBody } from './schemas';
import { WorkingPapersRepository, type AttachmentDoc, type MarkDoc, type NoteDoc } from './working-papers.repository';

export interface WorkView {
  findingId: string;
  notes: NoteDoc[];
  checklist: (ChecklistItem & { done: boolean; mark?: Omit<MarkDoc, '_id' | 'findingId' | 'itemId'> })[];
  attachments: Omit<AttachmentDoc, 'findingId'>[];
}

/**
 * The inspection's working papers: notes, the rule's checklist, attachments (stored under
 * their SHA-256, type checked against the content). The inspector the inspection is assigned
 * to and the supervisors write them, while the finding is not final; every reader of the
 * finding may read them. Every write is audited.
 */
@Injectable()
export class WorkingPapersService {
  constructor(
    private readonly access: FindingAccess,
    private readonly papers: WorkingPapersRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async view(principal: Principal, findingId: string): Promise<WorkView> {
    const f = await this.access.visible(principal, findingId);
    const [notes, marks, attachments] = await Promise.all([
      this.papers.notes(findingId),
      this.papers.marks(findingId),
      this.papers.attachments(findingId),
    ]);
    const guide = guideFor(f.ruleId);
    return {
      findingId,
      notes,
      checklist: [...guide.checklist, ...guide.common].map((item) => {
        const m = marks.get(item.id);
        return {
          ...item,
          done: m?.done ?? false,
          ...(m ? { mark: { done: m.done, by: m.by, at: m.at, ...(m.note ? { note: m.note } : {}) } } : {}),
        };
      }),
      attachments: attachments.map(({ findingId: _f, ...a }) => a),
    };
  }

  async note(principal: Principal, findingId: string, text: Later<string>): Promise<NoteDoc> {
    await this.writable(principal, findingId);
    const note = await this.papers.addNote(findingId, principal.sub, text(), new Date(this.clock.now()));
    await this.audit.append({
      at: note.at.toISOString(),
      actor: `user:${note.by}`,
      action: 'inspection.note',
      subject: `finding:${findingId}`,
      after: { noteId: note._id },
    });
    return note;
  }

  async mark(principal: Principal, findingId: string, itemId: string, body: Later<MarkBody>): Promise<MarkDoc> {
    const f = await this.writable(principal, findingId);
    const { done, note } = body();
    const guide = guideFor(f.ruleId);
    if (![...guide.checklist, ...guide.common].some((c) => c.id === itemId))
      throw invalidField('itemId', `not an item of the ${f.ruleId} checklist`);
    const m = await this.papers.mark(findingId, itemId, done, principal.sub, new Date(this.clock.now()), note);
    await this.audit.append({
      at: m.at.toISOString(),
      actor: `user:${m.by}`,
      action: 'inspection.checklist',
      subject: `finding:${findingId}`,
      after: { itemId, done: m.done },
    });
    return m;
  }

  /** Checks the caller may attach to the finding (before the body is read). */
  async mayAttach(principal: Principal, findingId: string): Promise<void> {
    await this.writable(principal, findingId);
  }

  async attach(
    principal: Principal,
    findingId: string,
    name: string,
    contentType: string,
    content: Buffer,
  ): Promise<Omit<AttachmentDoc, 'findingId'>> {
    await this.writable(principal, findingId);
    const problem = fileTypeProblem(contentType, content);
    if (problem) throw invalidField('content-type', problem);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const doc = await this.papers.attach(
      { findingId, sha256, name, contentType, size: content.length, by: principal.sub, at: new Date(this.clock.now()) },
      content,
    );
    await this.audit.append({
      at: doc.at.toISOString(),
      actor: `user:${doc.by}`,
      action: 'inspection.attachment',
      subject: `finding:${findingId}`,
      after: { sha256, name, size: doc.size, contentType },
    });
    const { findingId: _f, ...out } = doc;
    return out;
  }

  /** An attachment's content, for anyone who may read a finding it is attached to. */
  async download(principal: Principal, sha256: string): Promise<{ contentType: string; content: Buffer }> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw invalidField('sha256', '64 lower-case hex digits');
    const findings = await this.papers.findingsWith(sha256);
    if (findings.length === 0) throw notFound(`attachment ${sha256}`);
    let allowed = false;
    for (const f of findings) {
      try {
        await this.access.visible(principal, f);
        allowed = true;
        break;
      } catch {
        // not this one; maybe another finding it is attached to
      }
    }
    if (!allowed) throw outOfScope(`attachment ${sha256}`, 'another unit');
    const blob = await this.papers.content(sha256);
    if (!blob) throw notFound(`content of ${sha256}`);
    return blob;
  }

  /** The finding when the caller may write its working papers: the assignee or a supervisor, while it is not final. */
  private async writable(principal: Principal, findingId: string): Promise<WorkedFinding> {
    const f = await this.access.visible(principal, findingId);
    await this.access.checkActor(principal, f);
    if (isFinal(f.status)) throw new AppError('FINDING_FINAL', { findingId, status: f.status });
    return f;
  }
}
