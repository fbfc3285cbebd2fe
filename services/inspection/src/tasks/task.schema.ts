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
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'inspection_tasks' },
);

export type InspectionTask = InferSchemaType<typeof InspectionTaskSchema>;
