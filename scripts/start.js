/**
 * `npm start`: runs the bot as compiled JavaScript, in this process. Under tsx a newcomer's first
 * start took 3.5–5 s to the ready line (tsx transforms every file on first use, in the main thread
 * and again in the embedded server's thread, and enables source maps).
 *
 * The compiled copy is .cache/start/<fingerprint>/ (the fingerprint covers the path, size and mtime
 * of every file under bot/ and cards/), written by esbuild in about 0.2 s at `npm install` and
 * whenever a source changed since: transpiling only, types are checked by `npm run lint`. It sits
 * under the package root so that the bot finds the root (package.json), its node_modules and its
 * data as it does from dist/.
 * Without esbuild (a production install, `npm ci --omit=dev`) it runs dist/ from `npm run build`.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCES = ['bot', 'cards'];
const CACHE = path.join(ROOT, '.cache', 'start');
/** Builds kept besides the newest: a bot still running from one may yet load a module from it. */
const KEEP = 3;

function sourceFiles(dir, files = []) {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(file, files);
    else files.push(file);
  }
  return files;
}

function fingerprint(files) {
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs } = fs.statSync(path.join(ROOT, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function esbuild() {
  try {
    return require(require.resolve('esbuild', { paths: [ROOT] }));
  } catch {
    return undefined;
  }
}

/** Writes the build into a temporary folder renamed into place, so a concurrent start never sees half of one. */
function build(compiler, files, target) {
  const partial = `${target}.${process.pid}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  compiler.buildSync({
    absWorkingDir: ROOT,
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outdir: partial,
    outbase: '.',
    format: 'cjs',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'linked',
    logLevel: 'error',
  });
  // Templates, the assign pane's page: read from beside the code at run time.
  for (const file of files.filter((file) => !file.endsWith('.ts'))) {
    fs.mkdirSync(path.dirname(path.join(partial, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(partial, file));
  }
  try {
    fs.renameSync(partial, target);
  } catch (error) {
    // Another start built the same sources meanwhile: theirs is as good.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw error;
  }
  const builds = fs
    .readdirSync(CACHE)
    .filter((name) => /^[0-9a-f]{16}$/.test(name))
    .map((name) => ({ dir: path.join(CACHE, name), time: fs.statSync(path.join(CACHE, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of builds.slice(1 + KEEP)) fs.rmSync(old.dir, { recursive: true, force: true });
}

/** The compiled bot's entry point, built first when a source changed; undefined without esbuild. */
function compiledEntry() {
  const compiler = esbuild();
  if (!compiler) return undefined;
  const files = SOURCES.flatMap((dir) => sourceFiles(dir));
  const target = path.join(CACHE, fingerprint(files));
  if (!fs.existsSync(target)) {
    fs.mkdirSync(CACHE, { recursive: true });
    build(compiler, files, target);
  }
  return path.join(target, 'bot', 'index.js');
}

function distEntry() {
  const compiled = path.join(ROOT, 'dist', 'bot', 'index.js');
  if (fs.existsSync(compiled)) return compiled;
  console.error(
    'dist/bot/index.js is missing and esbuild (a development dependency) is not installed: ' +
      'run `npm run build` in a development install first.',
  );
  process.exit(2);
}

if (require.main === module) {
  // Source maps are written but not enabled: Node would then read the maps of every dependency
  // that ships them, some 0.3 s of CPU at each start. `NODE_OPTIONS=--enable-source-maps npm start`
  // turns them on, so that stack traces name the TypeScript lines.
  require(compiledEntry() ?? distEntry());
}

// package.json's `prepare` (run by `npm install` and `npm ci`) builds ahead, so that the first
// start has nothing to compile. It skips when this file is absent: the Dockerfile and the
// deployment folder install dependencies without the sources.
module.exports = { compiledEntry };
