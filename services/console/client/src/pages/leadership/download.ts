import { ApiError, type ApiErrorBody } from '../../api/errors';
import { filenameOf } from './reports';

/**
 * Fetches a file the console serves and hands it to the browser as a download. The link stays a
 * plain link (its cookie authenticates it, a middle click opens it); fetching it here lets the
 * page show that the report is being made — a PDF of a province takes seconds — and show the
 * service's error in the user's language instead of a broken download.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'thads-console' } });
  if (!res.ok) {
    const body = (await res
      .json()
      .catch(() => ({ code: res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL' }))) as ApiErrorBody;
    throw new ApiError(res.status, body);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = href;
    a.download = filenameOf(res.headers.get('content-disposition'), fallbackName);
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The click has started the download; the browser keeps what it needs.
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
