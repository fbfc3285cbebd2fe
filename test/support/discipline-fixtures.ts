import type { AnyEvent } from '@thads/contracts';
import { dayFromIso } from '@thads/rules';
import type { ProceedingDoc } from '../../services/discipline/src/proceedings/proceeding-record';
import { registryEvent } from './harness';

/*
 * A discipline proceeding seeded straight into the service's store, for tests that need one in a
 * given state without walking the steps: DP-M, about S (an enforcement officer of DT-KV01), its
 * council formed — chair H1 (head of DT-KV01, the disciplining authority), members X2 and C1 —
 * with one finding FM referred to the committee. `COUNCIL_REGISTRY` holds the units and officers
 * it names, plus H2 and X9 of DT-KV02 (out of its scope).
 */

const officer = (officerId: string, unitId: string, role: string, related: string[] = []) =>
  registryEvent(`ro-${officerId}`, 'registry.officer', {
    officerId,
    unitId,
    name: officerId,
    role,
    relatedPartyIds: related,
    bankAccountHashes: [],
  });

export const COUNCIL_REGISTRY: AnyEvent[] = [
  registryEvent('r1', 'registry.unit', { unitId: 'DT', name: 'Tỉnh', level: 'province' }),
  registryEvent('r2', 'registry.unit', { unitId: 'DT-KV01', name: 'KV01', level: 'district', parentUnitId: 'DT' }),
  registryEvent('r3', 'registry.unit', { unitId: 'DT-KV02', name: 'KV02', level: 'district', parentUnitId: 'DT' }),
  officer('S', 'DT-KV01', 'enforcement_officer'),
  officer('H1', 'DT-KV01', 'head'),
  officer('C1', 'DT-KV01', 'clerk'),
  officer('X2', 'DT-KV01', 'inspector'),
  officer('H2', 'DT-KV02', 'head'),
  officer('X9', 'DT-KV02', 'clerk'),
];

export function councilFormedProceeding(): ProceedingDoc {
  const day = dayFromIso;
  return {
    _id: 'DP-M',
    version: 2,
    officerId: 'S',
    unitId: 'DT-KV01',
    status: 'council_formed',
    proceeding: {
      proceedingId: 'DP-M',
      subject: { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
      status: 'council_formed',
      openedOn: day('2026-12-01'),
      findings: [
        { findingId: 'FM', factsOn: day('2025-09-10'), discoveredOn: day('2026-12-01'), breachClass: 'other' },
      ],
      timeBarred: [],
      exclusions: [],
      council: { chair: 'H1', member_1: 'X2', member_2: 'C1' },
      councilFormedOn: day('2026-12-01'),
      everSat: ['H1', 'X2', 'C1'],
      calls: [],
      rounds: [],
    },
    findings: [
      {
        findingId: 'FM',
        ruleId: 'payout-overdue',
        ruleVersion: 1,
        severity: 'high',
        title: { vi: 'Chậm chi trả', en: 'Late payout' },
        detectedAt: '2025-09-10T10:00:00+07:00',
        referralEventId: 'inspection.referred:FM:r4',
        referredAt: '2026-12-01T02:00:00.000Z',
        referredBy: 'sup',
        target: 'discipline_committee',
        note: 'n',
        conclusion: {
          result: 'substantiated',
          reasoning: 'r',
          truePositive: true,
          by: 'insp',
          at: '2026-12-01T02:00:00.000Z',
        },
      },
    ],
    recusals: [],
    submissions: [],
    openedAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-01T02:00:00.000Z',
    pending: [],
    unsent: false,
  };
}
