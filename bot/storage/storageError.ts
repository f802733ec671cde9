/**
 * Cosmos did not answer usefully after the store's retries (status code, or `timeout`). Expected
 * outcomes (404, 409, 412) are values, never this; the layers above map it to their own errors.
 */
export class StorageError extends Error {
  constructor(readonly status: string) {
    super(`storage unavailable (${status})`);
    this.name = 'StorageError';
  }
}
