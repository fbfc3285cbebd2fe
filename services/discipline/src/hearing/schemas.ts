import { Type, type Static } from '@sinclair/typebox';
import { S } from '@thads/http';
import { SUBJECT_ATTENDANCE } from '../domain';
import { Day } from '../proceedings/schemas';

export const SummonsBody = Type.Object({
  meetingOn: Day('The meeting day: a working day at least 5 working days after today (the day the summons goes out).'),
  previous: Type.Optional(
    S.oneOf(
      ['absent_with_valid_reason', 'absent_without_valid_reason'] as const,
      'When calling again: how the subject answered the last call.',
    ),
  ),
});
export type SummonsBody = Static<typeof SummonsBody>;

export const ResponseBody = Type.Object({
  text: S.text(100_000, 'The written response (bản kiểm điểm, giải trình).'),
  documents: Type.Optional(
    Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$', errorMessage: 'a SHA-256 in lowercase hex' }), {
      maxItems: 50,
      description: 'Documents uploaded first (POST …/documents), by their SHA-256.',
    }),
  ),
});
export type ResponseBody = Static<typeof ResponseBody>;

export const UploadQuery = Type.Object({
  name: S.text(200, "The document's file name."),
});
export type UploadQuery = Static<typeof UploadQuery>;

export const DocumentSchema = Type.Object({
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
});

export const MeetingBody = Type.Object({
  present: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
    maxItems: 20,
    errorMessage: 'the officer ids of the council members present',
    description: 'The council members present (all three must be).',
  }),
  subject: S.oneOf(SUBJECT_ATTENDANCE, 'How the subject answered the call.'),
});
export type MeetingBody = Static<typeof MeetingBody>;
