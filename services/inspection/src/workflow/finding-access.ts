import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { inScope, type Principal, type Role } from '../identity/access';
import { TaskRepository } from '../tasks/task.repository';
import type { InspectionTask } from '../tasks/task.schema';

/** Every role reads findings (within its units). */
export const READERS: Role[] = ['inspector', 'inspection_supervisor', 'committee_member', 'committee_chair', 'leadership', 'admin'];

/** Unit scope applied to findings: which units a caller sees, and one finding if they may see it. */
@Injectable()
export class FindingAccess {
  constructor(private readonly tasks: TaskRepository) {}

  async scopedUnits(principal: Principal): Promise<string[]> {
    const parents = await this.tasks.unitParents();
    const units = [...parents.keys()].filter((u) => inScope(principal, u, parents));
    return units.includes(principal.unitId) ? units : [...units, principal.unitId];
  }

  /** The finding's task; 404 when there is none, 403 when its unit is outside the caller's scope. */
  async visible(principal: Principal, id: string): Promise<InspectionTask> {
    const task = await this.tasks.find(id);
    if (!task) throw new NotFoundException(`no finding ${id}`);
    const parents = await this.tasks.unitParents();
    if (!inScope(principal, task.unitId, parents)) throw new ForbiddenException(`finding ${id} belongs to unit ${task.unitId}, outside your scope`);
    return task;
  }

  /** An inspector works the inspections given to them; a supervisor any in scope. 403 otherwise. */
  checkWorker(principal: Principal, task: Pick<InspectionTask, '_id' | 'assignee'>): void {
    if (principal.roles.includes('inspection_supervisor') || task.assignee === principal.sub) return;
    throw new ForbiddenException(task.assignee ? `finding ${task._id} is assigned to ${task.assignee}` : `finding ${task._id} is not assigned to anyone yet`);
  }
}
