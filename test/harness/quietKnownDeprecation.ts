// This process: jest runs a single test file in band, here.
import '../../bot/quietKnownDeprecation';

/**
 * Jest global setup. restify's DEP0111 (see bot/quietKnownDeprecation.ts) would be printed by every
 * test process that starts the app. The module above drops it in this process; the worker processes
 * (and the bots tests spawn, which inherit the environment) get Node's switch for that one warning.
 */
export default function quietKnownDeprecation(): void {
  const flag = '--disable-warning=DEP0111';
  const options = process.env.NODE_OPTIONS ?? '';
  if (!options.includes(flag)) process.env.NODE_OPTIONS = `${options} ${flag}`.trim();
}
