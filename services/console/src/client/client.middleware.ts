import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * The built client: its hashed assets cached for a year (a new build has new names), and
 * index.html — never cached, so a new build is picked up at the next load — for every other
 * path a browser asks for (the client routes them itself). A missing asset is a 404, not the
 * page: a browser would otherwise try to run HTML as a script.
 */
export function clientMiddleware(clientDir: string): (req: Request, res: Response, next: NextFunction) => void {
  const assets = `${sep}assets${sep}`;
  const files = express.static(clientDir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes(assets) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      );
    },
  });
  const indexPath = join(clientDir, 'index.html');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Nest mounts this middleware under a route pattern, which strips the path from `req.url`.
    req.url = req.originalUrl;
    files(req, res, () => {
      if (req.originalUrl.startsWith('/assets/')) return next();
      if (!existsSync(indexPath)) {
        res.status(503).type('text').send('The console client is not built: run `npm run build`.');
        return;
      }
      // Read at each load (a kilobyte): a new build is served without a restart.
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(readFileSync(indexPath));
    });
  };
}
