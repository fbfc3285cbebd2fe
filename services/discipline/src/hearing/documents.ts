/** Documents the subject may submit, each with the bytes its content must start with (checked, not trusted from the header). */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'text/plain': (b) => !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b),
};

export const DOCUMENT_TYPES = Object.keys(SIGNATURES);

/** Largest document accepted (the store keeps it in one document: well under 16 MB). */
export const DOCUMENT_MAX_BYTES = 8 * 1024 * 1024;

/** What a proceeding holds already of the subject's documents. */
export interface UploadUsage {
  documents: number;
  bytes: number;
  digests: readonly string[];
}

export interface UploadQuota {
  documents: number;
  bytes: number;
}

const mib = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * Why one more document would take the proceeding past its quota (the limit, as the 413 says
 * it), or undefined. A document uploaded already (same digest) is stored once and counts once.
 */
export function quotaProblem(
  used: UploadUsage,
  quota: UploadQuota,
  incoming: { sha256: string; size: number },
): string | undefined {
  if (used.digests.includes(incoming.sha256)) return undefined;
  if (used.documents >= quota.documents)
    return `${quota.documents} documents per proceeding (${used.documents} uploaded)`;
  if (used.bytes + incoming.size > quota.bytes)
    return `${mib(quota.bytes)} of documents per proceeding (${mib(used.bytes)} uploaded, this one ${mib(incoming.size)})`;
  return undefined;
}

/** Why `content` is not an acceptable document of `contentType`, or undefined when it is. */
export function documentProblem(contentType: string, content: Buffer): string | undefined {
  const check = SIGNATURES[contentType];
  if (!check) return `type ${contentType || '(none)'} is not accepted; accepted: ${DOCUMENT_TYPES.join(', ')}`;
  if (content.length === 0) return 'the document is empty';
  if (!check(content)) return `the content is not a ${contentType} document`;
  return undefined;
}
