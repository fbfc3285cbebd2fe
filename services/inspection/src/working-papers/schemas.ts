import { Type, type Static } from '@sinclair/typebox';
import { S } from '@thads/http';
import { CHECKLIST_ITEM_IDS } from '@thads/rules';

/** A checklist item: one of a rule's checklist or a common check (ids are stable). */
export const ChecklistItemId = S.oneOf(CHECKLIST_ITEM_IDS);

export const NoteBody = Type.Object({ text: S.text(20_000) });
export type NoteBody = Static<typeof NoteBody>;

export const MarkBody = Type.Object({
  done: Type.Boolean({ errorMessage: 'required, true or false' }),
  note: Type.Optional(Type.String({ maxLength: 2000, errorMessage: 'a string of at most 2000 characters' })),
});
export type MarkBody = Static<typeof MarkBody>;

export const AttachQuery = Type.Object({
  name: Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[^/\\\\\\u0000]+$',
    errorMessage: 'required: the file name, at most 255 characters, no slashes',
    description: 'The file name.',
  }),
});
export type AttachQuery = Static<typeof AttachQuery>;

const Note = Type.Object({
  _id: Type.String(),
  findingId: Type.String(),
  by: Type.String(),
  at: Type.String(),
  text: Type.String(),
});
const Mark = Type.Object({
  _id: Type.String(),
  findingId: Type.String(),
  itemId: Type.String(),
  done: Type.Boolean(),
  note: Type.Optional(Type.String()),
  by: Type.String(),
  at: Type.String(),
});
const Attachment = Type.Object({
  _id: Type.String(),
  sha256: Type.String(),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  by: Type.String(),
  at: Type.String(),
});

export const NoteSchema = Note;
export const MarkSchema = Mark;
export const AttachmentSchema = Attachment;
export const WorkingPapersSchema = Type.Object({
  findingId: Type.String(),
  notes: Type.Array(Note),
  checklist: Type.Array(
    Type.Object({
      id: ChecklistItemId,
      vi: Type.String(),
      en: Type.String(),
      done: Type.Boolean(),
      mark: Type.Optional(
        Type.Object({ done: Type.Boolean(), by: Type.String(), at: Type.String(), note: Type.Optional(Type.String()) }),
      ),
    }),
  ),
  attachments: Type.Array(Attachment),
});
