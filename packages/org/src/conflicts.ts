/** Declared relations from the registry: officer id → the ids they declared (relatives, associates). */
export type Relations = ReadonlyMap<string, readonly string[]>;

/** Someone who would act on a finding, a proceeding or a denunciation. */
export interface Actor {
  /** The actor's own record in the officer registry, when their account is linked to one. */
  officerId?: string | undefined;
  unitId: string;
}

/** What is being acted on: the unit concerned and the officer concerned, if any. */
export interface Concerned {
  unitId: string;
  officerId?: string | undefined;
}

/**
 * Why `actor` is personally concerned by `subject`, or undefined: they are the officer concerned,
 * or one of the two declared the other as related (DOMAIN.md: whoever is concerned by a finding
 * may not act on it). The unit concerned is a separate question (`sameUnit`), because whether
 * its members may act depends on the act: never alone, sometimes with others.
 */
export function personalConflict(actor: Actor, subject: Concerned, relations: Relations): string | undefined {
  if (subject.officerId === undefined || actor.officerId === undefined) return undefined;
  if (actor.officerId === subject.officerId) return 'is the officer concerned';
  if (relations.get(actor.officerId)?.includes(subject.officerId))
    return `declared a relation to officer ${subject.officerId}`;
  if (relations.get(subject.officerId)?.includes(actor.officerId))
    return `officer ${subject.officerId} declared a relation to them`;
  return undefined;
}

/** Whether the actor belongs to the unit concerned. */
export function sameUnit(actor: Actor, subject: Concerned): boolean {
  return actor.unitId === subject.unitId;
}
