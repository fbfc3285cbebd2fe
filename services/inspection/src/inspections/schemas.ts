import { Type, type Static } from '@sinclair/typebox';
import { S } from '@thads/http';

export const ReassignBody = Type.Object({
  assignee: S.text(64, 'The inspector who takes the inspection (must be eligible).'),
  reason: S.text(2000, 'Why (kept in the audit trail and told to the inspector).'),
});
export type ReassignBody = Static<typeof ReassignBody>;
