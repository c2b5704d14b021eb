/**
 * Runs a TypeScript entry point (`npm start` runs `src/main.ts`) from a bundle built by esbuild,
 * rebuilding it only when one of its source files changed. Loading ~100 modules through tsx's
 * loader hooks costs about a second on a small machine before the first line of Newsdesk runs;
 * a bundle is loaded by Node directly. Packages stay external (loaded from node_modules as
 * usual), and dynamic `import()`s become separate chunks, so what start-up does not need is
 * still loaded only when first used.
 *
 *   node scripts/run-built.mjs src/main.ts [args…]
 *
 * The bundle lives in `.build/<entry>-<hash>/`, where the hash covers the content of every
 * source file it was built from; `.build/<entry>.json` names the current one. Several processes
 * starting at once may each build, but each writes its own temporary folder and renames it into
 * place, so none ever runs a half-written bundle. When esbuild is missing or the build fails,
 * the entry runs through tsx instead (slower, same program), so `npm start` always works.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_DIR = join(ROOT, '.build');
/** Superseded bundles older than this are deleted (a process may still load chunks from one). */
const KEEP_OLD_MS = 24 * 3_600_000;

/** Hash of the content of `files` (paths relative to ROOT); undefined when one is missing. */
function hashInputs(files) {
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    let bytes;
    try {
      bytes = readFileSync(join(ROOT, f));
    } catch {
      return undefined;
    }
    h.update(f).update('\0').update(bytes).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** The current bundle of `name` when every one of its source files is unchanged. */
function currentBundle(name) {
  try {
    const manifest = JSON.parse(readFileSync(join(BUILD_DIR, `${name}.json`), 'utf8'));
    const out = join(BUILD_DIR, manifest.dir, manifest.main);
    return hashInputs(manifest.inputs) === manifest.hash && existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Builds `entry` into a fresh folder and makes it current; returns the bundle's main file. */
async function build(entry, name) {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(BUILD_DIR, { recursive: true });
  const tmp = join(BUILD_DIR, `tmp-${process.pid}-${Date.now()}`);
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    // Linked, not inline: nothing extra to parse at start; `node --enable-source-maps` uses it.
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
  const hash = hashInputs(inputs);
  const dirName = `${name}-${hash}`;
  const dir = join(BUILD_DIR, dirName);
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process built the same sources first: use its copy.
    rmSync(tmp, { recursive: true, force: true });
  }
  const [entryOut] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint);
  const main = relative(tmp, join(ROOT, entryOut));
  const manifestTmp = join(BUILD_DIR, `${name}.json.${process.pid}`);
  writeFileSync(manifestTmp, `${JSON.stringify({ entry, dir: dirName, main, hash, inputs }, null, 2)}\n`);
  renameSync(manifestTmp, join(BUILD_DIR, `${name}.json`));
  removeOld(name, dirName);
  return join(dir, main);
}

/** Deletes superseded bundles of `name` (and abandoned temporary folders) older than a day. */
function removeOld(name, keep) {
  for (const d of readdirSync(BUILD_DIR)) {
    if (d === keep || !(d.startsWith(`${name}-`) || d.startsWith('tmp-'))) continue;
    try {
      if (Date.now() - statSync(join(BUILD_DIR, d)).mtimeMs > KEEP_OLD_MS) rmSync(join(BUILD_DIR, d), { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('Usage: node scripts/run-built.mjs <entry.ts> [args…]\n');
  process.exit(2);
}
const name = basename(entry).replace(/\.[cm]?tsx?$/, '');
let file = currentBundle(name);
if (!file) {
  try {
    file = await build(entry, name);
  } catch (err) {
    process.stderr.write(`Cannot build ${entry} (${err.message.split('\n')[0]}); running it through tsx.\n`);
    const { register } = await import('tsx/esm/api');
    register();
    file = resolve(ROOT, entry);
  }
}
// The entry sees itself as the script Node was asked to run, as with `node <file>`.
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);
