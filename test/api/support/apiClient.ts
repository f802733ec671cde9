import { checkAgainstContract, type ApiAnswer } from './apiContract';

export const SAMPLE_TENANT = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';

export interface CallOptions {
  body?: unknown;
  /** Sent as is (a string body is not JSON-encoded). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A caller of the licensing API over real HTTP; every answer is checked against the OpenAPI document. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
    const url = `${this.baseUrl}${path}`;
    const token = options.token ?? this.token;
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    const answer: ApiAnswer = {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : {},
    };
    checkAgainstContract(method, url, answer);
    return answer;
  }

  get(path: string, options?: CallOptions) {
    return this.call('GET', path, options);
  }

  put(path: string, body: unknown, options?: CallOptions) {
    return this.call('PUT', path, { ...options, body });
  }
}

export const appPath = (appId: string, tenantId = SAMPLE_TENANT) =>
  `/api/v1/tenants/${tenantId}/apps/${appId}`;
