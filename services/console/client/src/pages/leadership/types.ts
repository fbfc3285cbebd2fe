import type { paths as DisciplinePaths } from '../../api/generated/discipline';
import type { paths as InsightPaths } from '../../api/generated/insight';
import type { paths as InspectionPaths } from '../../api/generated/inspection';

/** The answers the leadership pages read, as the services' OpenAPI documents type them. */
export type Statistics =
  InsightPaths['/api/insight/statistics']['get']['responses']['200']['content']['application/json'];
export type Integrity =
  InsightPaths['/api/insight/integrity']['get']['responses']['200']['content']['application/json'];
export type NationalTarget =
  InsightPaths['/api/insight/targets']['get']['responses']['200']['content']['application/json']['targets'][number];
export type OfficerHistory =
  DisciplinePaths['/api/discipline/officers/{officerId}/history']['get']['responses']['200']['content']['application/json'];
export type FindingPage = InspectionPaths['/api/findings']['get']['responses']['200']['content']['application/json'];
export type FindingSummary = FindingPage['items'][number];
