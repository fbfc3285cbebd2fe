import { ApiError, type ApiErrorBody } from '../api/errors';

/**
 * Sends a file with its progress reported (fetch cannot report upload progress): the body is
 * the file itself, its type in Content-Type, as the attachments API expects.
 */
export function uploadWithProgress(url: string, file: File, onProgress: (percent: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Requested-With', 'thads-console');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { code: 'INTERNAL' };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body as ApiErrorBody));
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.send(file);
  });
}
