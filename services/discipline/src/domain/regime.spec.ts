import { dayFromIso } from '@thads/rules';
import {
  allowedForms,
  checkForm,
  commonForms,
  DISCIPLINE_FORMS,
  EMPLOYMENT_LABELS,
  FORM_LABELS,
  positionOfRole,
  REGIME_IDS,
  REGIMES,
  regimeFor,
  severity,
  vnDay,
} from './regime';

const on = dayFromIso;

describe('discipline regime', () => {
  it('judges a civil servant’s act of 30 June 2025 under the old forms and one of 1 July 2025 under Decree 172/2025', () => {
    expect(regimeFor('civil_servant', on('2025-06-30'))).toBe('civil_servant_2020');
    expect(regimeFor('civil_servant', on('2025-07-01'))).toBe('civil_servant_172_2025');
    expect(regimeFor('civil_servant', on('2019-01-15'))).toBe('civil_servant_2020');
  });

  it('keeps public-service employees on the Decree 112/2020 forms until 30 June 2026 and moves them to Decree 234/2026 on 1 July 2026', () => {
    expect(regimeFor('public_employee', on('2025-07-01'))).toBe('public_employee_112_2020');
    expect(regimeFor('public_employee', on('2026-06-30'))).toBe('public_employee_112_2020');
    expect(regimeFor('public_employee', on('2026-07-01'))).toBe('public_employee_234_2026');
  });

  it('compares Vietnam-time days: 30 June 2025 at 18:00 UTC is already 1 July in Vietnam', () => {
    expect(vnDay('2025-06-30T18:00:00Z')).toBe(on('2025-07-01'));
    expect(regimeFor('civil_servant', vnDay('2025-06-30T18:00:00Z'))).toBe('civil_servant_172_2025');
    expect(regimeFor('civil_servant', vnDay('2025-06-30T16:59:59Z'))).toBe('civil_servant_2020');
    expect(regimeFor('civil_servant', vnDay('2025-07-01T06:59:59+07:00'))).toBe('civil_servant_172_2025');
    expect(vnDay('2025-07-01')).toBe(on('2025-07-01'));
    expect(() => vnDay('2025-02-30')).toThrow(RangeError);
    expect(() => vnDay('yesterday')).toThrow(RangeError);
  });

  it('offers the six old forms to a civil servant manager and four of them to staff (demotion and removal are for managers)', () => {
    expect(allowedForms('civil_servant_2020', 'manager')).toEqual([
      'reprimand',
      'warning',
      'salary_step_reduction',
      'demotion',
      'removal_from_post',
      'dismissal',
    ]);
    expect(allowedForms('civil_servant_2020', 'staff')).toEqual([
      'reprimand',
      'warning',
      'salary_step_reduction',
      'dismissal',
    ]);
  });

  it('offers reprimand, warning, removal from post (managers) and dismissal under the new decrees and Decree 112 for employees', () => {
    for (const regime of ['civil_servant_172_2025', 'public_employee_112_2020', 'public_employee_234_2026'] as const) {
      expect(allowedForms(regime, 'manager')).toEqual(['reprimand', 'warning', 'removal_from_post', 'dismissal']);
      expect(allowedForms(regime, 'staff')).toEqual(['reprimand', 'warning', 'dismissal']);
    }
  });

  it('refuses a salary-step reduction for facts after 1 July 2025 as a form the regime does not have, in both languages', () => {
    const check = checkForm(regimeFor('civil_servant', on('2025-07-01')), 'staff', 'salary_step_reduction');
    expect(check).toEqual({
      ok: false,
      code: 'form_not_in_regime',
      message: {
        vi: expect.stringContaining('Hạ bậc lương'),
        en: expect.stringContaining('Salary-step reduction'),
      },
    });
    expect(checkForm('civil_servant_2020', 'staff', 'salary_step_reduction')).toEqual({ ok: true });
  });

  it('refuses removal from post (and the old demotion) for someone without a managerial post', () => {
    const removal = checkForm('civil_servant_172_2025', 'staff', 'removal_from_post');
    expect(removal.ok).toBe(false);
    if (!removal.ok) {
      expect(removal.code).toBe('needs_managerial_position');
      expect(removal.message.vi).toContain('lãnh đạo, quản lý');
    }
    expect(checkForm('civil_servant_172_2025', 'manager', 'removal_from_post')).toEqual({ ok: true });
    expect(checkForm('civil_servant_2020', 'staff', 'demotion')).toMatchObject({ code: 'needs_managerial_position' });
    expect(checkForm('public_employee_234_2026', 'staff', 'demotion')).toMatchObject({ code: 'form_not_in_regime' });
  });

  it('offers only the forms every regime allows when one proceeding joins acts from both sides of the change', () => {
    expect(commonForms(['civil_servant_2020', 'civil_servant_172_2025'], 'manager')).toEqual([
      'reprimand',
      'warning',
      'removal_from_post',
      'dismissal',
    ]);
    expect(commonForms(['civil_servant_2020'], 'staff')).toEqual(allowedForms('civil_servant_2020', 'staff'));
    expect(commonForms([], 'manager')).toEqual([]);
  });

  it('reads a managerial post off the registry role and orders forms from the lightest', () => {
    expect(positionOfRole('head')).toBe('manager');
    expect(positionOfRole('deputy_head')).toBe('manager');
    expect(positionOfRole('enforcement_officer')).toBe('staff');
    expect(positionOfRole(undefined)).toBe('staff');
    expect(severity('reprimand')).toBeLessThan(severity('warning'));
    expect(severity('removal_from_post')).toBeLessThan(severity('dismissal'));
  });

  it('labels every form, employment kind and regime in Vietnamese and English', () => {
    for (const f of DISCIPLINE_FORMS) expect(FORM_LABELS[f].vi && FORM_LABELS[f].en).toBeTruthy();
    expect(EMPLOYMENT_LABELS.public_employee.vi).toBe('Viên chức');
    for (const id of REGIME_IDS) {
      expect(REGIMES[id].id).toBe(id);
      expect(REGIMES[id].label.vi).not.toBe('');
      expect(REGIMES[id].label.en).not.toBe('');
    }
    expect(FORM_LABELS.removal_from_post).toEqual({ vi: 'Cách chức', en: 'Removal from post' });
    expect(REGIMES.civil_servant_172_2025.label.vi).toContain('172/2025');
    expect(REGIMES.public_employee_234_2026.label.en).toContain('234/2026');
  });
});
