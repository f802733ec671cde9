import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config';

/**
 * Loads `.env` from the package root (where .env.example says to copy it), when there is one.
 * A variable already set in the environment wins over the file: a platform's settings, a shell's
 * `PORT=4000 npm start` and the tests' own variables are never overridden by a forgotten file.
 * Called by each entry point (the bot, the CLIs) before the configuration is read; never on import.
 * Returns the file loaded, if any.
 */
export function loadEnvFile(root: string = REPO_ROOT): string | undefined {
  const file = path.join(root, '.env');
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
