import type { BulkJobOptions } from 'bullmq';
import { JobNames, SEVERITY_PRIORITY, inspectionJobId, type InspectionTaskJob, type Severity } from '@thads/contracts';

/** What the assignment job needs to know of a finding. */
export interface Assignable {
  findingId: string;
  ruleId: string;
  severity: Severity;
  unitId: string;
  caseId?: string | undefined;
  officerId?: string | undefined;
}

/**
 * The job that puts a finding in the inspection queue: at intake, or when the suppression that
 * held it ends. A fixed job id makes BullMQ ignore a second add of the same finding.
 */
export function inspectionJob(f: Assignable): { name: string; data: InspectionTaskJob; opts: BulkJobOptions } {
  return {
    name: JobNames.InspectFinding,
    data: {
      v: 1,
      findingId: f.findingId,
      ruleId: f.ruleId,
      severity: f.severity,
      unitId: f.unitId,
      ...(f.caseId ? { caseId: f.caseId } : {}),
      ...(f.officerId ? { officerId: f.officerId } : {}),
    },
    opts: {
      jobId: inspectionJobId(f.findingId),
      priority: SEVERITY_PRIORITY[f.severity],
      removeOnComplete: false,
      removeOnFail: false,
      attempts: 6,
      backoff: { type: 'exponential', delay: 5_000 },
    },
  };
}
