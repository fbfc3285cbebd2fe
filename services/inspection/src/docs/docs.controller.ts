import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../identity/auth.guard';
import { openApiDocument } from './openapi';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Operation = { summary?: string; description?: string; 'x-roles'?: unknown; parameters?: { name: string; in: string; description?: string }[] };

/** The API document as a page a person can read: every endpoint, who may call it, its parameters. */
function page(doc: Record<string, unknown>): string {
  const paths = doc['paths'] as Record<string, Record<string, Operation>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => {
    const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]).join(', ') : String(op['x-roles']);
    const params = (op.parameters ?? []).map((p) => `<li><code>${escape(p.name)}</code> (${p.in}) ${escape(p.description ?? '')}</li>`).join('');
    return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary ?? '')}</p>${op.description ? `<p class="d">${escape(op.description)}</p>` : ''}
<p class="r">Who may call it: ${escape(roles)}</p>${params ? `<ul>${params}</ul>` : ''}</section>`;
  }));
  const info = doc['info'] as { title: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
section{border-top:1px solid #d5dbe3;padding:.5rem 0}h3{margin:.3rem 0;font-size:1rem}.m{display:inline-block;min-width:4.5rem;font-weight:600}
.get{color:#1f6f43}.post{color:#1d4ed8}.patch{color:#a16207}.d{color:#475569}.r{font-size:.9rem;color:#7c2d12}</style></head>
<body><h1>${escape(info.title)}</h1><p>${escape(info.description)}</p><p>Machine-readable: <a href="/api/docs?format=json">OpenAPI 3.1 JSON</a>.</p>${rows.join('\n')}</body></html>`;
}

@Controller('api/docs')
export class DocsController {
  /** OpenAPI 3.1 JSON; a browser asking for HTML gets a readable page. */
  @Public()
  @Get()
  docs(@Req() req: Request, @Res() res: Response): void {
    const doc = openApiDocument();
    const wantsHtml = req.query['format'] !== 'json' && (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml) res.type('html').send(page(doc));
    else res.json(doc);
  }
}
