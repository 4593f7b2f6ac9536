/** An OpenAI-shaped error answer, thrown by routes and turned into a response by the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: { error: Record<string, unknown> };

  constructor(status: number, error: Record<string, unknown>) {
    super(typeof error.message === 'string' ? error.message : `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = { error };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
  return new ApiError(400, { message, type: 'invalid_request_error', param, code });
}

export function errorJson(status: number, message: string, type: string, code: string | null = null) {
  return new ApiError(status, { message, type, param: null, code });
}
