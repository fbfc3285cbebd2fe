import { API_ERRORS, type ApiErrorCode } from '@thads/contracts/api-errors';

/** An error answer of any service, in the one shape they all use (README, "Every error answers in one shape"). */
export interface ApiErrorBody {
  code: string;
  message?: { vi: string; en: string };
  field?: string;
  params?: Record<string, string | number>;
  details?: Record<string, unknown>;
  correlationId?: string;
}

export type Language = 'vi' | 'en';

/** A failed call: its HTTP status and the service's error answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${status} ${body.code}`);
    this.name = 'ApiError';
  }
}

function isKnown(code: string): code is ApiErrorCode {
  return Object.prototype.hasOwnProperty.call(API_ERRORS, code);
}

/**
 * The message of an error in the user's language, worded from its code and parameters with the
 * same table the services use; an unknown code falls back to the service's own wording.
 */
export function errorMessage(error: unknown, language: Language): string {
  if (error instanceof ApiError) {
    const { code, params = {}, message } = error.body;
    if (isKnown(code))
      return API_ERRORS[code][language].replace(/\{(\w+)\}/g, (whole, name: string) =>
        params[name] === undefined ? whole : String(params[name]),
      );
    if (message) return message[language];
    return language === 'vi' ? `Lỗi ${error.status}` : `Error ${error.status}`;
  }
  if (error instanceof TypeError)
    return language === 'vi' ? 'Không kết nối được tới máy chủ' : 'The server cannot be reached';
  return error instanceof Error ? error.message : String(error);
}
