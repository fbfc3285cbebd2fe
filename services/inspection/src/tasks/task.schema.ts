import { Schema, type InferSchemaType } from 'mongoose';

/** One inspection task per finding: `_id` is the finding id, so a redelivery finds the task it made. */
export const InspectionTaskSchema = new Schema(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    ruleId: { type: String, required: true },
    severity: { type: String, required: true, enum: ['low', 'medium', 'high', 'critical'] },
    priority: { type: Number, required: true },
    unitId: { type: String, required: true, index: true },
    caseId: { type: String },
    officerId: { type: String },
    status: { type: String, required: true, default: 'queued' },
    findingDetectedAt: { type: String, required: true },
    /** The finding message as it came on the topic (JSON text: its figures may hold any keys). */
    message: { type: String },
    createdAt: { type: Date, required: true },
    /** The finding's workflow status (open → triaged → under_inspection → concluded → referred | closed; or dismissed). */
    findingStatus: { type: String, required: true, default: 'open', index: true },
    statusChangedAt: { type: Date },
    /** The inspector's conclusion, with whether the finding was a true or a false positive (rule precision). */
    conclusion: { type: Schema.Types.Mixed },
    dismissal: { type: Schema.Types.Mixed },
    referral: { type: Schema.Types.Mixed },
    /**
     * The inspection this finding is worked in: its own id for the finding that opened it (the
     * lead), the lead's id for a finding on the same case or officer that joined it. Unset until
     * the assignment worker has seen the finding.
     */
    inspectionId: { type: String, index: true },
    isLead: { type: Boolean },
    joinedAt: { type: Date },
    /** The inspector working the inspection (copied onto its joined findings). */
    assignee: { type: String, index: true },
    assignedAt: { type: Date },
    /** Why the inspection has no inspector yet (nobody eligible, everybody at the cap). */
    waitingReason: { type: String },
    /** SLA of the inspection, from the moment it was assigned: reminder, due date, escalation done. */
    remindAt: { type: Date },
    dueAt: { type: Date },
    remindedAt: { type: Date },
    escalatedAt: { type: Date },
  },
  { versionKey: false, collection: 'inspection_tasks' },
);

export type InspectionTask = InferSchemaType<typeof InspectionTaskSchema>;
