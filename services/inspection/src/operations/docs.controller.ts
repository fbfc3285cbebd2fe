import { docsController, openApiOf } from '@thads/auth';
import type { Controller as ControllerClass } from '@thads/http';

/** The controllers whose routes the document lists (set by the root module, which knows them all). */
let documented: readonly ControllerClass[] = [];

export function documentControllers(controllers: readonly ControllerClass[]): void {
  documented = controllers;
}

const API = {
  title: 'THADS integrity — inspection API',
  description:
    'Findings, inspections, case files, working papers, users and the audit trail. Sign in with POST /api/auth/sign-in, then send `Authorization: Bearer <accessToken>`. Every error answers `{ code, message: { vi, en }, field?, correlationId }`.',
};

/** The inspection API as an OpenAPI 3.1 document, derived from the controllers' `@Api` specs and roles. */
export function openApiDocument(controllers: readonly ControllerClass[] = documented): Record<string, unknown> {
  return openApiOf({ ...API, controllers: () => controllers });
}

/** The API viewer (Swagger UI, served from this service) and the document it shows. */
export const DocsController = docsController({ ...API, base: '/api/docs', controllers: () => documented });
