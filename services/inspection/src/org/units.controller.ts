import { Controller, Get, Inject } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, ROLES, Roles } from '@thads/auth';
import { Api } from '@thads/http';
import { OrgRepository } from '@thads/org';

export const UnitsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      unitId: Type.String(),
      name: Type.String(),
      level: Type.String({ description: 'national, province or district (an area office since the 2025 merger).' }),
      parentUnitId: Type.Optional(Type.String()),
    }),
    { description: "Your unit first, then the units below it, each after its parent; names in the registry's words." },
  ),
});
type Units = Static<typeof UnitsSchema>;

/**
 * The units a user works in, from the service's registry view: what the console's unit pickers
 * offer (a suppression's scope, a user's unit, the leadership dashboard), so nobody types a unit
 * id by heart and nobody is offered a unit they cannot act in.
 */
@Controller('api/units')
export class UnitsController {
  constructor(@Inject(OrgRepository) private readonly org: OrgRepository) {}

  @Roles(...ROLES)
  @Get()
  @Api({
    summary: 'The units in your scope',
    description:
      'Your unit and every unit below it that the registry knows, in tree order. A unit the registry has not announced yet is listed by its id alone.',
    response: { description: 'The units.', schema: UnitsSchema },
  })
  async units(@Principal() principal: Principal): Promise<Units> {
    const org = await this.org.snapshot();
    const children = new Map<string, string[]>();
    for (const u of org.units) {
      if (u.parentUnitId === undefined) continue;
      children.set(u.parentUnitId, [...(children.get(u.parentUnitId) ?? []), u.unitId]);
    }
    // Depth first from the caller's unit: a parent before its children, siblings by id. A cycle in
    // bad registry data ends the walk instead of looping.
    const items: Units['items'] = [];
    const seen = new Set<string>();
    const visit = (unitId: string): void => {
      if (seen.has(unitId)) return;
      seen.add(unitId);
      const unit = org.unit(unitId);
      items.push({
        unitId,
        name: unit?.name ?? unitId,
        level: unit?.level ?? 'unknown',
        ...(unit?.parentUnitId !== undefined ? { parentUnitId: unit.parentUnitId } : {}),
      });
      for (const child of (children.get(unitId) ?? []).sort()) visit(child);
    };
    visit(principal.unitId);
    return { items };
  }
}
