import { Controller, Get, Param, Req, Res, type Type as Class } from '@nestjs/common';
import type { Request, Response } from 'express';
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
import { Public, routeAccess } from './guard';

export interface ApiDocument {
  /** Where the viewer is served, e.g. `/api/insight/docs`. */
  base: string;
  title: string;
  description: string;
  /** The controllers the document lists; read at the first request, when the module knows them all. */
  controllers: () => readonly ControllerClass[];
}

/** The API as an OpenAPI 3.1 document, from the controllers' `@Api` specs and their roles. */
export function openApiOf(doc: Omit<ApiDocument, 'base'>): Record<string, unknown> {
  return buildOpenApi({
    title: doc.title,
    version: '1.0.0',
    description: doc.description,
    controllers: doc.controllers(),
    access: routeAccess,
  });
}

/**
 * A service's API viewer (Swagger UI, served by the service itself, no inline script) and the
 * OpenAPI document it shows. Public: the document says who may call each operation, nothing more.
 */
export function docsController(doc: ApiDocument): Class<unknown> {
  @Public()
  @Controller(doc.base)
  class DocsController {
    private document?: Record<string, unknown>;

    /** A browser gets the viewer; a program (or `?format=json`) the document itself. */
    @Get()
    @Api({
      ...DOCS_SPECS.page,
      description: `${DOCS_SPECS.page.description} Without \`Accept: text/html\`, or with \`?format=json\`, the OpenAPI document.`,
    })
    page(@Req() req: Request, @Res() res: Response): void {
      const wantsHtml = req.query['format'] !== 'json' && (req.headers.accept ?? '').includes('text/html');
      if (wantsHtml) res.type('html').send(docsPage(doc.title, doc.base));
      else res.json(this.json());
    }

    @Get('openapi.json')
    @Api(DOCS_SPECS.document)
    json(): Record<string, unknown> {
      this.document ??= openApiOf(doc);
      return this.document;
    }

    @Get('init.js')
    @Api(DOCS_SPECS.init)
    init(@Res() res: Response): void {
      res.type('text/javascript').send(docsInitScript(`${doc.base}/openapi.json`));
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
  return DocsController;
}
