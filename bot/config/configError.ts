/** A configuration the bot refuses to start with: the message names the variable and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
  ) {
    super(`Configuration error: ${variable} ${expected}`);
    this.name = 'ConfigError';
  }
}
