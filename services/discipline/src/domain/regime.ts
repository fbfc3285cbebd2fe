/**
 * Which disciplinary regime judges a breach, and which forms of discipline it allows
 * (DOMAIN.md, Discipline).
 *
 * The regime is the one in force on the day of the facts (the act), not of the discovery or of
 * the decision, so a breach of 2024 decided in 2026 may still carry a salary-step reduction.
 * Days are Vietnam-time days: an act at 2025-06-30T18:00Z happened on 1/7/2025 in Vietnam.
 *
 * | regime                     | who                            | facts                | forms                                          |
 * |----------------------------|--------------------------------|----------------------|------------------------------------------------|
 * | `civil_servant_2020`       | civil servants (công chức)     | before 1/7/2025      | reprimand, warning, salary-step reduction,     |
 * |                            |                                |                      | demotion*, removal from post*, dismissal       |
 * | `civil_servant_172_2025`   | civil servants                 | from 1/7/2025        | reprimand, warning, removal from post*, dismissal |
 * | `public_employee_112_2020` | public-service employees (viên chức) | before 1/7/2026 | reprimand, warning, removal from post*, dismissal |
 * | `public_employee_234_2026` | public-service employees       | from 1/7/2026        | reprimand, warning, removal from post*, dismissal |
 *
 * `*` managers only (a post of leadership or management). Assumptions, for a lawyer to confirm:
 * - Public-service employees keep the employees' regime of Decree 112/2020 (Law on Public
 *   Employees, art. 52: four forms, removal from post for managers only) until Decree 234/2026
 *   takes over; DOMAIN.md names only the new decree.
 * - In the old civil-servant regime demotion, like removal from post, needs a managerial post
 *   (Law on Cadres and Civil Servants 2008, art. 79(3)).
 * - No "more favourable law" rule is applied across the change of 1/7/2025: the forms follow
 *   the date of the facts, as the issue asks. Where one proceeding joins acts on both sides of a
 *   change, only the forms every one of those regimes allows are offered (`commonForms`).
 */
import { DISCIPLINE_FORMS, isRealDate, parseRfc3339, type Bilingual, type DisciplineForm } from '@thads/contracts';
import { dayFromIso, dayOf, type Day } from '@thads/rules';

export { DISCIPLINE_FORMS, type DisciplineForm };

export const FORM_LABELS: Readonly<Record<DisciplineForm, Bilingual>> = {
  reprimand: { vi: 'Khiển trách', en: 'Reprimand' },
  warning: { vi: 'Cảnh cáo', en: 'Warning' },
  salary_step_reduction: { vi: 'Hạ bậc lương', en: 'Salary-step reduction' },
  demotion: { vi: 'Giáng chức', en: 'Demotion' },
  removal_from_post: { vi: 'Cách chức', en: 'Removal from post' },
  dismissal: { vi: 'Buộc thôi việc', en: 'Dismissal' },
};

/** How heavy a form is: the contract lists the forms lightest first. */
export function severity(form: DisciplineForm): number {
  return DISCIPLINE_FORMS.indexOf(form);
}

export const EMPLOYMENT_KINDS = ['civil_servant', 'public_employee'] as const;
export type EmploymentKind = (typeof EMPLOYMENT_KINDS)[number];

export const EMPLOYMENT_LABELS: Readonly<Record<EmploymentKind, Bilingual>> = {
  civil_servant: { vi: 'Công chức', en: 'Civil servant' },
  public_employee: { vi: 'Viên chức', en: 'Public-service employee' },
};

/** Whether the subject holds a post of leadership or management when the form is chosen. */
export const POSITIONS = ['manager', 'staff'] as const;
export type Position = (typeof POSITIONS)[number];

/** The registry's managerial roles (head and deputy head of a unit). */
export const MANAGERIAL_ROLES: readonly string[] = ['head', 'deputy_head'];

export function positionOfRole(role: string | undefined): Position {
  return role !== undefined && MANAGERIAL_ROLES.includes(role) ? 'manager' : 'staff';
}

export const REGIME_IDS = [
  'civil_servant_2020',
  'civil_servant_172_2025',
  'public_employee_112_2020',
  'public_employee_234_2026',
] as const;
export type RegimeId = (typeof REGIME_IDS)[number];

export interface Regime {
  id: RegimeId;
  employment: EmploymentKind;
  /** First day of facts it judges (ISO, Vietnam time); absent: no lower bound here. */
  from?: string;
  /** First day of facts it no longer judges; absent: still in force. */
  until?: string;
  label: Bilingual;
  /** Forms it allows, lightest first. */
  forms: readonly DisciplineForm[];
  /** Forms only a subject holding a managerial post may receive. */
  managersOnly: readonly DisciplineForm[];
}

/** 1/7/2025: Decree 172/2025 for civil servants. */
export const CIVIL_SERVANT_CHANGE = '2025-07-01';
/** 1/7/2026: Decree 234/2026 for public-service employees. */
export const PUBLIC_EMPLOYEE_CHANGE = '2026-07-01';

const FOUR_FORMS: readonly DisciplineForm[] = ['reprimand', 'warning', 'removal_from_post', 'dismissal'];

export const REGIMES: Readonly<Record<RegimeId, Regime>> = {
  civil_servant_2020: {
    id: 'civil_servant_2020',
    employment: 'civil_servant',
    until: CIVIL_SERVANT_CHANGE,
    label: {
      vi: 'Công chức: Luật Cán bộ, công chức 2008 (sửa đổi 2019) và Nghị định 112/2020/NĐ-CP',
      en: 'Civil servants: Law on Cadres and Civil Servants 2008 (amended 2019) and Decree 112/2020',
    },
    forms: DISCIPLINE_FORMS,
    managersOnly: ['demotion', 'removal_from_post'],
  },
  civil_servant_172_2025: {
    id: 'civil_servant_172_2025',
    employment: 'civil_servant',
    from: CIVIL_SERVANT_CHANGE,
    label: { vi: 'Công chức: Nghị định 172/2025/NĐ-CP', en: 'Civil servants: Decree 172/2025' },
    forms: FOUR_FORMS,
    managersOnly: ['removal_from_post'],
  },
  public_employee_112_2020: {
    id: 'public_employee_112_2020',
    employment: 'public_employee',
    until: PUBLIC_EMPLOYEE_CHANGE,
    label: {
      vi: 'Viên chức: Luật Viên chức 2010 (sửa đổi 2019) và Nghị định 112/2020/NĐ-CP',
      en: 'Public-service employees: Law on Public Employees 2010 (amended 2019) and Decree 112/2020',
    },
    forms: FOUR_FORMS,
    managersOnly: ['removal_from_post'],
  },
  public_employee_234_2026: {
    id: 'public_employee_234_2026',
    employment: 'public_employee',
    from: PUBLIC_EMPLOYEE_CHANGE,
    label: { vi: 'Viên chức: Nghị định 234/2026/NĐ-CP', en: 'Public-service employees: Decree 234/2026' },
    forms: FOUR_FORMS,
    managersOnly: ['removal_from_post'],
  },
};

/**
 * The Vietnam-time day of a date (`YYYY-MM-DD`, already a Vietnam day) or of an instant
 * (RFC 3339 with an offset). Throws a RangeError on anything else: callers parse their input
 * with the contract's schemas first, so this is a programming error.
 */
export function vnDay(value: string): Day {
  if (isRealDate(value)) return dayFromIso(value);
  const ms = parseRfc3339(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a date or an RFC 3339 instant: ${value}`);
  return dayOf(ms);
}

/** The regime that judges an act of `factsOn` by someone of this employment kind. */
export function regimeFor(employment: EmploymentKind, factsOn: Day): RegimeId {
  if (employment === 'civil_servant')
    return factsOn < dayFromIso(CIVIL_SERVANT_CHANGE) ? 'civil_servant_2020' : 'civil_servant_172_2025';
  return factsOn < dayFromIso(PUBLIC_EMPLOYEE_CHANGE) ? 'public_employee_112_2020' : 'public_employee_234_2026';
}

/** The forms a council may choose from, lightest first. */
export function allowedForms(regime: RegimeId, position: Position): DisciplineForm[] {
  const r = REGIMES[regime];
  return r.forms.filter((f) => position === 'manager' || !r.managersOnly.includes(f));
}

/**
 * The forms allowed for acts judged by several regimes at once (findings joined into one
 * proceeding across a change of regime): those every regime allows, lightest first.
 */
export function commonForms(regimes: readonly RegimeId[], position: Position): DisciplineForm[] {
  if (regimes.length === 0) return [];
  return DISCIPLINE_FORMS.filter((f) => regimes.every((r) => allowedForms(r, position).includes(f)));
}

export type FormRefusalCode = 'form_not_in_regime' | 'needs_managerial_position';

export type FormCheck = { ok: true } | { ok: false; code: FormRefusalCode; message: Bilingual };

/** Whether `form` may be imposed under `regime` on a subject in `position`, and if not, why. */
export function checkForm(regime: RegimeId, position: Position, form: DisciplineForm): FormCheck {
  const r = REGIMES[regime];
  const label = FORM_LABELS[form];
  if (!r.forms.includes(form)) {
    const since = r.from === undefined ? '' : ` (${r.from})`;
    return {
      ok: false,
      code: 'form_not_in_regime',
      message: {
        vi: `Hình thức "${label.vi}" không có trong ${r.label.vi}${since}`,
        en: `"${label.en}" is not a form under ${r.label.en}${since}`,
      },
    };
  }
  if (position !== 'manager' && r.managersOnly.includes(form))
    return {
      ok: false,
      code: 'needs_managerial_position',
      message: {
        vi: `Hình thức "${label.vi}" chỉ áp dụng với người giữ chức vụ lãnh đạo, quản lý`,
        en: `"${label.en}" applies only to someone holding a managerial post`,
      },
    };
  return { ok: true };
}
