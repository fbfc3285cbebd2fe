import type { NextFunction, Request, Response } from 'express';

/**
 * The same content-security policy for every answer: this service's own scripts only (the API
 * viewer included: its start script is a file, not inline), inline styles (the viewer sets
 * some), no framing, no plugins.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Security headers on every answer (OWASP secure headers): no MIME sniffing, no framing, no
 * referrer, the CSP above, and no `X-Powered-By`. API answers (everything under /api but the
 * viewer's files) are never stored by a cache: they carry tokens and case data.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.removeHeader('X-Powered-By');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // `originalUrl`: middleware mounted by Nest sees `path` relative to its mount point.
  const path = req.originalUrl.split('?')[0] ?? '';
  if (path.startsWith('/api/') && !path.startsWith('/api/docs/assets/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
