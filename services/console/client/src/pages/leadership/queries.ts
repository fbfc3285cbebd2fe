import { keepPreviousData, useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { data, discipline, insight, inspection } from '../../api/client';
import type { Period } from './periods';
import type { Integrity, NationalTarget, OfficerHistory, Statistics } from './types';

/** The figures of a unit and period, cached per unit and period (the heat map reuses the unit's own). */
const statisticsKey = (unitId: string, p: Period) => ['insight', 'statistics', unitId, p.from, p.to] as const;
const integrityKey = (unitId: string, p: Period) => ['insight', 'integrity', unitId, p.from, p.to] as const;

async function readStatistics(unitId: string, p: Period): Promise<Statistics> {
  return data(await insight.GET('/api/insight/statistics', { params: { query: { unitId, from: p.from, to: p.to } } }));
}

async function readIntegrity(unitId: string, p: Period): Promise<Integrity> {
  return data(await insight.GET('/api/insight/integrity', { params: { query: { unitId, from: p.from, to: p.to } } }));
}

export function useStatistics(unitId: string, p: Period) {
  return useQuery({
    queryKey: statisticsKey(unitId, p),
    queryFn: () => readStatistics(unitId, p),
    placeholderData: keepPreviousData,
  });
}

export function useIntegrity(unitId: string, p: Period) {
  return useQuery({
    queryKey: integrityKey(unitId, p),
    queryFn: () => readIntegrity(unitId, p),
    placeholderData: keepPreviousData,
  });
}

/** The integrity figures of several units at once (the heat map's rows). */
export function useIntegrities(unitIds: readonly string[], p: Period) {
  return useQueries({
    queries: unitIds.map((unitId) => ({ queryKey: integrityKey(unitId, p), queryFn: () => readIntegrity(unitId, p) })),
  });
}

/** The national targets per statistical year (they change once a year: read once per session). */
export function useTargets() {
  return useQuery({
    queryKey: ['insight', 'targets'],
    queryFn: async (): Promise<NationalTarget[]> => data(await insight.GET('/api/insight/targets')).targets,
    staleTime: Infinity,
  });
}

/** Workflow steps per page of an officer's history. */
const HISTORY_PAGE = 100;

/** An officer's history, newest steps first, older pages on demand (`fetchNextPage`). */
export function useOfficerHistory(officerId: string) {
  return useInfiniteQuery({
    queryKey: ['discipline', 'officer-history', officerId],
    queryFn: async ({ pageParam }): Promise<OfficerHistory> =>
      data(
        await discipline.GET('/api/discipline/officers/{officerId}/history', {
          params: { path: { officerId }, query: { limit: HISTORY_PAGE, ...(pageParam ? { before: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    retry: false,
  });
}

export function useOfficerFindings(officerId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['findings', { officer: officerId, page, pageSize }],
    queryFn: async () =>
      data(await inspection.GET('/api/findings', { params: { query: { officer: officerId, page, pageSize } } })),
    placeholderData: keepPreviousData,
  });
}
