import type { Response } from 'restify';

/**
 * Every refusal of the licensing API as `application/problem+json` (RFC 9457): a type per kind of
 * problem, the status, a title, what is wrong in `detail`, and the field it is about when there is one.
 */

export type ProblemKind =
  | 'invalid-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'gone'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ProblemKind, { status: number; title: string }> = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A valid access token is required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'No longer available' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Temporarily unavailable' },
  internal: { status: 500, title: 'Something went wrong' },
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request field the problem is about: `path.tenantId`, `query.limit`, `body.vendor.email`… */
  field?: string;
  [extension: string]: unknown;
}

/** A refusal raised anywhere under a route and answered by it. */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly field?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return STATUS[this.kind].status;
  }

  body(): ProblemBody {
    return {
      type: `urn:license-desk:problem:${this.kind}`,
      title: STATUS[this.kind].title,
      status: this.status,
      detail: this.detail,
      ...(this.field ? { field: this.field } : {}),
      ...this.extensions,
    };
  }
}

export function sendProblem(res: Response, problem: ApiProblem): void {
  res.sendRaw(problem.status, JSON.stringify(problem.body()), {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...problem.headers,
  });
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.sendRaw(status, JSON.stringify(body), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
}
