import { Controller, Get, Param, Post, Put } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, ValidBody } from '@thads/http';
import { RuleBookAdmin } from './rulebook-admin.service';
import { CalendarView, NewVersionBody, PutYearBody, RuleBookView, VersionView, YearView } from './schemas';

/** The rule book as administrators see and extend it: versions with effective dates and unit overrides. */
@Controller('api/rules')
@Roles('admin')
export class RuleBookController {
  constructor(private readonly admin: RuleBookAdmin) {}

  @Get()
  @Api({
    summary: 'The rule book',
    description:
      "Every rule with its thresholds (and the values each accepts) and its versions, oldest first, the ones in force today marked. Unit overrides are listed for the units within the caller's scope.",
    response: { description: 'The rule book.', schema: RuleBookView },
    errors: { 503: 'The detector is still loading its rule book.' },
  })
  list(@Principal() principal: Principal): Promise<RuleBookView> {
    return this.admin.ruleBook(principal);
  }

  @Post(':ruleId/versions')
  @Api({
    summary: 'Add a version of a rule',
    description:
      "New thresholds (and optionally severity and legal basis) from a day after today, for every unit (an administrator of a root unit) or for one unit within the caller's scope. Every threshold of the rule is required and checked against its limits, and the rule book with the new version passes the detector's start-up check. A day up to today is refused (RULE_VERSION_NOT_FUTURE): those events may already have been judged, and a past period is re-judged by a replay. Stored with who, when and why, recorded in `rule_book_changes`, published on `integrity.rulebook.v1`; every detector instance applies it without a restart.",
    params: { ruleId: 'The rule, e.g. late-decision.' },
    body: NewVersionBody,
    response: { description: 'The version added, in force on this instance.', schema: VersionView },
    errors: {
      404: 'No such rule, or no such unit.',
      503: 'The detector is still loading, or the version is stored but could not be published to the other instances.',
    },
  })
  add(
    @Principal() principal: Principal,
    @Param('ruleId') ruleId: string,
    @ValidBody() body: NewVersionBody,
  ): Promise<VersionView> {
    return this.admin.addVersion(principal, ruleId, body);
  }
}

/** The official days off (and swapped working days) every service counts working days with. */
@Controller('api/calendar/years')
@Roles('admin')
export class CalendarController {
  constructor(private readonly admin: RuleBookAdmin) {}

  @Get()
  @Api({
    summary: 'Official days off per year',
    description: 'The years the detector holds; other years count the public holidays of the holiday library.',
    response: { description: 'The years.', schema: CalendarView },
    errors: { 503: 'The detector is still loading.' },
  })
  list(@Principal() principal: Principal): Promise<CalendarView> {
    return this.admin.calendar(principal);
  }

  @Put(':year')
  @Api({
    summary: "Replace a year's days off",
    description:
      'An administrator of a root unit replaces the official days off (weekdays) and swapped working days (Saturdays, Sundays) of a year. No day up to today may change between working day and day off (CALENDAR_DAY_PASSED): deadlines were already counted with it. Later days may change; deadlines computed from then on count them, those computed before keep their dates. Recorded in `rule_book_changes`, published on `integrity.calendar.v1` for every service.',
    params: { year: 'The year, e.g. 2027.' },
    body: PutYearBody,
    response: { description: 'The year as stored.', schema: YearView },
    errors: { 503: 'The detector is still loading, or the year is stored but could not be published.' },
  })
  put(
    @Principal() principal: Principal,
    @Param('year') year: string,
    @ValidBody() body: PutYearBody,
  ): Promise<YearView> {
    return this.admin.putYear(principal, year, body);
  }
}
