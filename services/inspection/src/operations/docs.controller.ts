import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public, routeAccess } from '@thads/auth';
import {
  Api,
  DOCS_SPECS,
  buildOpenApi,
  docsAsset,
  docsInitScript,
  docsPage,
  notFound,
  type Controller as ControllerClass,
} from '@thads/http';

const BASE = '/api/docs';

/** The controllers whose routes the document lists (set by the root module, which knows them all). */
let documented: readonly ControllerClass[] = [];

export function documentControllers(controllers: readonly ControllerClass[]): void {
  documented = controllers;
}

/** The inspection API as an OpenAPI 3.1 document, derived from the controllers' `@Api` specs and roles. */
export function openApiDocument(controllers: readonly ControllerClass[] = documented): Record<string, unknown> {
  return buildOpenApi({
    title: 'THADS integrity — inspection API',
    version: '1.0.0',
    description:
      'Findings, inspections, case files, working papers, users and the audit trail. Sign in with POST /api/auth/sign-in, then send `Authorization: Bearer <accessToken>`. Every error answers `{ code, message: { vi, en }, field?, correlationId }`.',
    controllers,
    access: routeAccess,
  });
}

/** The API viewer (Swagger UI, served from this service) and the document it shows. */
@Public()
@Controller(BASE)
export class DocsController {
  private document?: Record<string, unknown>;

  /** A browser gets the viewer; a program (or `?format=json`) the document itself. */
  @Get()
  @Api({
    ...DOCS_SPECS.page,
    description: `${DOCS_SPECS.page.description} Without \`Accept: text/html\`, or with \`?format=json\`, the OpenAPI document.`,
  })
  page(@Req() req: Request, @Res() res: Response): void {
    const wantsHtml = req.query['format'] !== 'json' && (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml) res.type('html').send(docsPage('THADS integrity — inspection API', BASE));
    else res.json(this.json());
  }

  @Get('openapi.json')
  @Api(DOCS_SPECS.document)
  json(): Record<string, unknown> {
    this.document ??= openApiDocument();
    return this.document;
  }

  @Get('init.js')
  @Api(DOCS_SPECS.init)
  init(@Res() res: Response): void {
    res.type('text/javascript').send(docsInitScript(`${BASE}/openapi.json`));
  }

  @Get('assets/:file')
  @Api(DOCS_SPECS.asset)
  asset(@Param('file') file: string, @Res() res: Response): void {
    const asset = docsAsset(file);
    if (!asset) throw notFound(`file ${file}`);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type(asset.contentType).send(asset.body);
  }
}
