import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { ApiSpec } from './api';

/**
 * The API viewer: Swagger UI from the `swagger-ui-dist` package, served by the service itself
 * (no network needed), where a caller pastes a token ("Authorize") and tries a call. Its start
 * script is a file of ours rather than an inline script, so the page works under a strict CSP.
 */
// A Map, not an object: a name such as `__proto__` or `constructor` found Object's prototype in
// an object literal, and the read of that file that followed answered 500 (schemathesis, issue 10).
const ASSETS = new Map<string, string>([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
]);

const assetDir = (): string => dirname(require.resolve('swagger-ui-dist/package.json'));
const cache = new Map<string, Buffer>();

/** One of the viewer's files, or undefined when the name is not one of them. */
export function docsAsset(name: string): { body: Buffer; contentType: string } | undefined {
  const contentType = ASSETS.get(name);
  if (!contentType) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(join(assetDir(), name));
    cache.set(name, body);
  }
  return { body, contentType };
}

/** The script that starts the viewer on the document at `jsonUrl`. */
export function docsInitScript(jsonUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(jsonUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout'
  });
});
`;
}

export function docsPage(title: string, base: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${base}/assets/swagger-ui.css"><link rel="icon" type="image/png" href="${base}/assets/favicon-32x32.png">
</head><body><div id="swagger-ui"></div>
<noscript>The API viewer needs JavaScript. The document itself: <a href="${base}/openapi.json">${base}/openapi.json</a>.</noscript>
<script src="${base}/assets/swagger-ui-bundle.js"></script><script src="${base}/assets/swagger-ui-standalone-preset.js"></script>
<script src="${base}/init.js"></script></body></html>`;
}

/** The specs of the docs endpoints, for the services' docs controllers. */
export const DOCS_SPECS = {
  page: {
    summary: 'The API viewer',
    description:
      'Swagger UI (served from this service, works offline): paste an access token under "Authorize" and try any call.',
    response: { description: 'The viewer page.', contentType: 'text/html' },
  },
  document: {
    summary: 'This API as an OpenAPI 3.1 document',
    response: {
      description: 'The OpenAPI document.',
      schema: Type.Object({ openapi: Type.String(), paths: Type.Record(Type.String(), Type.Unknown()) }),
    },
  },
  init: {
    summary: "The viewer's start script",
    response: { description: 'JavaScript.', contentType: 'text/javascript' },
  },
  asset: {
    summary: "One of the viewer's files",
    params: { file: 'swagger-ui.css, swagger-ui-bundle.js, swagger-ui-standalone-preset.js or favicon-32x32.png' },
    response: { description: 'The file.', contentType: 'application/octet-stream' },
    errors: { 404: 'No such file.' },
  },
} satisfies Record<string, ApiSpec>;
