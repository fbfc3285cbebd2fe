import 'reflect-metadata';
import type { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { RULE_IDS } from '@thads/contracts';
import { AppError, validate } from '@thads/http';
import { CHECKLIST_ITEM_IDS } from '@thads/rules';
import { CONTROLLERS } from '../app.module';
import type { FindingAccess } from '../findings/finding-access';
import type { FindingsRepository } from '../findings/findings.repository';
import type { FindingsService } from '../findings/findings.service';
import { BulkService } from '../inspections/bulk.service';
import type { InspectionsService } from '../inspections/inspections.service';
import { BULK_ACTIONS, BULK_MAX, BulkBody } from '../inspections/schemas';
import type { WorkingPapersRepository } from '../working-papers/working-papers.repository';
import { WorkingPapersService } from '../working-papers/working-papers.service';
import { openApiDocument } from './docs.controller';

/**
 * What the document says an operation takes is what it takes: a request that fits the schema is
 * not refused as malformed (schemathesis found two that were, `POST /api/findings/bulk` and
 * `POST /api/findings/{id}/checklist/{itemId}`), and one that does not fit is.
 */
type Schema = Record<string, unknown>;
type Operation = {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
const doc = openApiDocument(CONTROLLERS) as { paths: Record<string, Record<string, Operation>> };

const principal = { sub: 'sup', roles: ['inspection_supervisor'], unitId: 'U' } as unknown as Principal;
const clock = { now: () => Date.parse('2026-12-02T09:00:00Z') };
const audit = { append: () => Promise.resolve() } as unknown as AuditTrail;

/** Whether the use case refused the request as malformed (400), rather than doing it. */
async function refusedAsMalformed(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return false;
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') return true;
    throw err;
  }
}

/**
 * JSON Schema's verdict on `value` for the keywords the conditional part of a body schema uses
 * (if/then/else, required, properties with const or not); any other keyword fails the test, so
 * that the verdict is never a guess.
 */
function fits(schema: Schema, value: Record<string, unknown>): boolean {
  const known = ['type', 'properties', 'required', 'if', 'then', 'else', 'errorMessage', 'description'];
  const unknown = Object.keys(schema).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`keywords this check does not read: ${unknown.join(', ')}`);
  if (schema['type'] !== undefined && schema['type'] !== 'object') throw new Error('an object schema expected');
  for (const key of (schema['required'] as string[] | undefined) ?? []) if (!(key in value)) return false;
  for (const [key, property] of Object.entries((schema['properties'] as Record<string, Schema> | undefined) ?? {})) {
    if (!(key in value)) continue;
    const rest = Object.keys(property).filter((k) => !['const', 'not', 'type', 'errorMessage'].includes(k));
    if (rest.length) throw new Error(`keywords this check does not read on ${key}: ${rest.join(', ')}`);
    if ('not' in property && JSON.stringify(property['not']) === '{}') return false;
    if ('const' in property && property['const'] !== value[key]) return false;
  }
  if (schema['if']) {
    const branch = fits(schema['if'] as Schema, value) ? schema['then'] : schema['else'];
    if (branch && !fits(branch as Schema, value)) return false;
  }
  return true;
}

describe('the constraints the OpenAPI document states', () => {
  describe('POST /api/findings/bulk', () => {
    const documented = doc.paths['/api/findings/bulk']!['post']!.requestBody!.content['application/json']!.schema;
    /** Its conditions: which field goes with which action (the bodies below fit the rest of it). */
    const conditions = { if: documented['if'], then: documented['then'], else: documented['else'] };
    const bulk = new BulkService(
      { transition: () => Promise.resolve({ status: 'triaged' }) } as unknown as FindingsService,
      { reassign: () => Promise.resolve() } as unknown as InspectionsService,
      { find: () => Promise.resolve({ status: 'under_inspection' }) } as unknown as FindingsRepository,
      audit,
      clock,
    );
    /** Refused as malformed by the request's validation or by the use case before it moves anything. */
    const refused = (body: Record<string, unknown>) =>
      refusedAsMalformed(() => bulk.run(principal, validate(BulkBody, body, '(body)')));

    it('says which action takes dismissalReason and which assignee, as the use case requires', async () => {
      const mismatches: string[] = [];
      for (const action of BULK_ACTIONS)
        for (const assignee of [undefined, 'insp2'])
          for (const dismissalReason of [undefined, 'data_error']) {
            const body = {
              action,
              findingIds: ['F-1', 'F-2'],
              reason: 'r',
              ...(assignee ? { assignee } : {}),
              ...(dismissalReason ? { dismissalReason } : {}),
            };
            if (fits(conditions, body) === (await refused(body))) mismatches.push(JSON.stringify(body));
          }
      expect(mismatches).toEqual([]);
    });

    it('states the limits on the finding ids that the validation enforces', async () => {
      expect((documented['properties'] as Record<string, Schema>)['findingIds']).toMatchObject({
        minItems: 1,
        maxItems: BULK_MAX,
        uniqueItems: true,
      });
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `F-${i}`);
      const body = (findingIds: string[]) => ({ action: 'triage', findingIds, reason: 'r' });
      expect(await refused(body(ids(BULK_MAX)))).toBe(false);
      expect(await refused(body(ids(BULK_MAX + 1)))).toBe(true);
      expect(await refused(body([]))).toBe(true);
      expect(await refused(body(['F-1', 'F-1']))).toBe(true);
    });
  });

  describe('POST /api/findings/{id}/checklist/{itemId}', () => {
    const parameter = doc.paths['/api/findings/{id}/checklist/{itemId}']!['post']!.parameters!.find(
      (p) => p.name === 'itemId',
    )!;
    const documented = ((parameter.schema['anyOf'] as { const: string }[] | undefined) ?? []).map((s) => s.const);

    /** The use case marking `itemId` on a finding of `ruleId` that the caller may work on. */
    const papersOf = (ruleId: string) =>
      new WorkingPapersService(
        {
          visible: () => Promise.resolve({ _id: 'F-1', ruleId, status: 'under_inspection' }),
          checkActor: () => Promise.resolve(),
        } as unknown as FindingAccess,
        {
          mark: (findingId: string, itemId: string, done: boolean, by: string, at: Date) =>
            Promise.resolve({ _id: 'm', findingId, itemId, done, by, at }),
        } as unknown as WorkingPapersRepository,
        audit,
        clock,
      );

    it('lists exactly the item ids a finding of some rule takes', async () => {
      expect(parameter.schema['anyOf']).toBeDefined();
      const candidates = [...documented, 'not-an-item', 'Source-Documents', 'source_documents', ' source-documents'];
      const takenBySome = new Set<string>();
      for (const ruleId of [...RULE_IDS, 'a-rule-of-a-newer-detector'])
        for (const itemId of candidates)
          if (
            !(await refusedAsMalformed(() => papersOf(ruleId).mark(principal, 'F-1', itemId, () => ({ done: true }))))
          )
            takenBySome.add(itemId);
      expect([...takenBySome].sort()).toEqual([...documented].sort());
      expect([...documented].sort()).toEqual([...CHECKLIST_ITEM_IDS]);
    });
  });
});
