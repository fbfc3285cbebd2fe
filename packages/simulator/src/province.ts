import type { AnyEvent, EventOf } from '@thads/contracts';
import type { Rng } from './random';

export interface Officer {
  officerId: string;
  unitId: string;
  role: EventOf<'registry.officer'>['data']['role'];
  name: string;
  relatedPartyIds: string[];
  bankAccountHashes: string[];
}

export interface Unit {
  unitId: string;
  name: string;
  level: 'province' | 'district';
  /** Enforcement officers (Chấp hành viên) who take the unit's cases in turn. */
  enforcement: Officer[];
  staff: Officer[];
  /** Share of the province's new cases that this unit receives. */
  weight: number;
}

export interface Province {
  units: Unit[];
  appraisers: string[];
  auctionOrgs: string[];
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hà',
  'Hải',
  'Hạnh',
  'Hùng',
  'Lan',
  'Linh',
  'Minh',
  'Nam',
  'Phúc',
  'Quang',
  'Thảo',
  'Trang',
  'Tuấn',
  'Yến',
];
const AREAS = [
  'Cao Lãnh',
  'Sa Đéc',
  'Hồng Ngự',
  'Tháp Mười',
  'Lai Vung',
  'Châu Thành',
  'Mỹ Tho',
  'Gò Công',
  'Cai Lậy',
  'Cái Bè',
  'Chợ Gạo',
  'Tân Phước',
];

export function officer(rng: Rng, unitId: string, officerId: string, role: Officer['role']): Officer {
  const relatives = rng.int(2, 3);
  return {
    officerId,
    unitId,
    role,
    name: `${rng.pick(FAMILY)} Văn ${rng.pick(GIVEN)}`,
    relatedPartyIds: Array.from({ length: relatives }, (_, k) => `P-REL-${officerId}-${k + 1}`),
    bankAccountHashes: Array.from({ length: rng.int(1, 2) }, () => rng.hex(32)),
  };
}

/**
 * The merged Đồng Tháp agency: the provincial office (which keeps the large cases) and its
 * twelve area offices (DOMAIN.md, Organisation), each with enforcement officers and staff.
 */
export function buildProvince(rng: Rng, officersPerOffice: number): Province {
  const units: Unit[] = [];
  const make = (unitId: string, name: string, level: Unit['level'], enforcementCount: number, weight: number) => {
    const id = (n: number) => `${unitId}-O${String(n).padStart(2, '0')}`;
    const enforcement = Array.from({ length: enforcementCount }, (_, i) =>
      officer(rng, unitId, id(i + 1), 'enforcement_officer'),
    );
    const staff = (['head', 'deputy_head', 'accountant', 'inspector', 'clerk'] as const).map((role, i) =>
      officer(rng, unitId, id(50 + i), role),
    );
    units.push({ unitId, name, level, enforcement, staff, weight });
  };
  make('DT', 'Thi hành án dân sự tỉnh Đồng Tháp', 'province', Math.max(2, Math.round(officersPerOffice / 2)), 0.5);
  AREAS.forEach((area, i) =>
    make(
      `DT-KV${String(i + 1).padStart(2, '0')}`,
      `Phòng Thi hành án dân sự khu vực ${area}`,
      'district',
      officersPerOffice,
      1,
    ),
  );
  return {
    units,
    appraisers: Array.from({ length: 8 }, (_, i) => `AP-${String(i + 1).padStart(2, '0')}`),
    auctionOrgs: Array.from({ length: 5 }, (_, i) => `AO-${String(i + 1).padStart(2, '0')}`),
  };
}

/** The registry events that describe the province, stamped at `at` (before any case). */
export function registryEvents(province: Province, extraOfficers: Officer[], at: string): AnyEvent[] {
  const out: AnyEvent[] = [];
  const env = (id: string) => ({ eventId: `reg-${id}`, schemaVersion: 1 as const, occurredAt: at });
  for (const u of province.units) {
    const parent = u.level === 'district' ? { parentUnitId: 'DT' } : {};
    out.push({
      ...env(u.unitId),
      type: 'registry.unit',
      data: { unitId: u.unitId, name: u.name, level: u.level, ...parent },
    });
  }
  const officers = [...province.units.flatMap((u) => [...u.enforcement, ...u.staff]), ...extraOfficers];
  for (const o of officers) {
    out.push({
      ...env(o.officerId),
      type: 'registry.officer',
      data: {
        officerId: o.officerId,
        unitId: o.unitId,
        name: o.name,
        role: o.role,
        relatedPartyIds: o.relatedPartyIds,
        bankAccountHashes: o.bankAccountHashes,
      },
    });
    for (const partyId of o.relatedPartyIds)
      out.push({ ...env(partyId), type: 'registry.party', data: { partyId, kind: 'person', bankAccountHashes: [] } });
  }
  for (const id of province.appraisers)
    out.push({
      ...env(id),
      type: 'registry.appraiser',
      data: { appraiserId: id, name: `Công ty thẩm định giá ${id}` },
    });
  for (const id of province.auctionOrgs)
    out.push({
      ...env(id),
      type: 'registry.auction_org',
      data: { auctionOrgId: id, name: `Công ty đấu giá hợp danh ${id}` },
    });
  return out;
}
