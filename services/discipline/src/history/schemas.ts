import { Type, type Static } from '@sinclair/typebox';

export const HistoryQuery = Type.Object({
  limit: Type.Integer({
    minimum: 1,
    maximum: 500,
    default: 100,
    errorMessage: 'an integer from 1 to 500',
    description: 'How many workflow steps, newest first.',
  }),
  before: Type.Optional(
    Type.String({ maxLength: 500, description: 'The `next` of the previous page: the steps older than it.' }),
  ),
});
export type HistoryQuery = Static<typeof HistoryQuery>;
