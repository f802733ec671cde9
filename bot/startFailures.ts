/**
 * Why License Desk could not start, as one line an operator can act on: what failed, the setting
 * that names it, and what to do. index.ts prints the message and exits non-zero.
 */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

const LISTEN_REASONS: Record<string, (variable: string, hostVariable: string) => string> = {
  EADDRINUSE: (variable) =>
    `address in use: stop the process that holds it, or set ${variable} to a free port`,
  EACCES: (variable) =>
    `permission denied: ports below 1024 need privileges, set ${variable} to 1024 or above`,
  EADDRNOTAVAIL: (_variable, host) => `no such address on this machine: set ${host} to one of its addresses`,
  ENOTFOUND: (_variable, host) => `unknown host name: set ${host} to an address of this machine`,
  EAI_AGAIN: (_variable, host) => `host name not resolved: set ${host} to an address of this machine`,
};

/** A server could not listen: names the port variable (or the host variable for a bad address). */
export function listenFailure(
  error: unknown,
  where: { host: string; port: number; portVariable: string; hostVariable?: string },
): Error {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const hostVariable = where.hostVariable ?? 'HOST';
  const reason = LISTEN_REASONS[code];
  if (!reason) return error as Error;
  const variable = ['EADDRINUSE', 'EACCES'].includes(code) ? where.portVariable : hostVariable;
  return new StartupError(
    variable,
    `cannot listen on ${where.host}:${where.port} (${variable}): ${reason(where.portVariable, hostVariable)}`,
  );
}

/** The embedded Cosmos thread reports only a message: Node's "listen EADDRINUSE: … 127.0.0.1:<port>". */
export function embeddedListenFailure(error: Error, port: number): Error {
  if (!/\bEADDRINUSE\b/.test(error.message)) return error;
  return listenFailure(Object.assign(new Error(error.message), { code: 'EADDRINUSE' }), {
    host: '127.0.0.1',
    port,
    portVariable: 'EMBEDDED_COSMOS_PORT',
  });
}

/** Azure Cosmos DB did not let the bot open its container at start. */
export function cosmosStartFailure(
  error: unknown,
  settings: { endpoint: string; key?: string; requestTimeoutMs: number },
): Error {
  const { code, statusCode, name } = error as { code?: string; statusCode?: number; name?: string };
  const at = `Cosmos DB at ${settings.endpoint}`;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return new StartupError(
      'COSMOS_ENDPOINT',
      `cannot reach ${at} (COSMOS_ENDPOINT): ${code}. Check the account URL and that this machine may reach it`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StartupError(
      'COSMOS_ENDPOINT',
      `cannot reach ${at} (COSMOS_ENDPOINT): unknown host name. Check the account URL`,
    );
  }
  if (name === 'TimeoutError') {
    return new StartupError(
      'COSMOS_ENDPOINT',
      `${at} (COSMOS_ENDPOINT) did not answer within ${settings.requestTimeoutMs} ms ` +
        '(COSMOS_REQUEST_TIMEOUT_MS). Check the account URL, its firewall and private endpoint settings',
    );
  }
  if (statusCode === 401 || statusCode === 403) {
    const variable = settings.key ? 'COSMOS_KEY' : 'COSMOS_MANAGED_IDENTITY_CLIENT_ID';
    const fix = settings.key
      ? 'set COSMOS_KEY to a key of this account'
      : "give the bot's managed identity a Cosmos DB data role on the account (or set COSMOS_KEY)";
    return new StartupError(
      variable,
      `${at} refused the bot's credentials (${statusCode}, ${variable}): ${fix}`,
    );
  }
  return error as Error;
}
