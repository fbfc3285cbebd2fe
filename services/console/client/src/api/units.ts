import { useQuery } from '@tanstack/react-query';
import { data, inspection } from './client';
import type { paths } from './generated/inspection';

/** A unit of the caller's scope, as `GET /api/units` lists it (their own first, parents before children). */
export type ScopeUnit = paths['/api/units']['get']['responses']['200']['content']['application/json']['items'][number];

/**
 * The units the signed-in user works in, from the inspection service's registry view: what every
 * unit picker offers. The registry changes a few times a year; ten minutes of cache is plenty.
 */
export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: async () => data(await inspection.GET('/api/units')).items,
    staleTime: 10 * 60_000,
  });
}

/** "Phòng THADS khu vực 1 (DT-KV01)": a unit as people know it, with the id the data carries. */
export function unitLabel(unit: Pick<ScopeUnit, 'unitId' | 'name'>): string {
  return unit.name === unit.unitId ? unit.unitId : `${unit.name} (${unit.unitId})`;
}
