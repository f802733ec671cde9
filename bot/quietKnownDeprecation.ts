/**
 * restify 11 (the last that runs on Node 20; restify 12 needs Node 22) reads
 * process.binding('http_parser'), which makes Node print DEP0111 at every start. It is known and
 * harmless here, so that one warning is dropped; every other warning is still printed.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;

process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
  const options = rest[0];
  const code =
    typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : rest[1];
  if (code === 'DEP0111') return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;
