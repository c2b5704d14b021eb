/**
 * Runs a TypeScript entry point (`npm start` runs `src/main.ts`) from a bundle built by esbuild,
 * rebuilding it only when one of its source files changed. Loading ~100 modules through tsx's
 * loader hooks costs about a second on a small machine before the first line of Newsdesk runs;
 * a bundle is loaded by Node directly. Packages stay external (loaded from node_modules as
 * usual) except a few small pure-JavaScript ones (see INLINE), and dynamic `import()`s become
 * separate chunks, so what start-up does not need is still loaded only when first used.
 *
 *   node src/run-built.mjs src/main.ts [args…]
 *
 * The bundle lives in `.build/<entry>-<hash>/`, where the hash covers the content of every
 * file it was built from; `.build/<entry>.json` names the current one with the size and
 * modification time of each of those files, and any change rebuilds it. Several processes
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
/**
 * Packages bundled in rather than loaded from node_modules: plain JavaScript without native
 * code, worker files or paths relative to themselves, loaded at every start, and made of many
 * small modules whose one-by-one resolution and loading costs more than their code (zod alone
 * is about a hundred). Every other package stays external.
 */
const INLINE = new Set(['zod', 'htmlparser2', 'domhandler', 'domutils', 'entities', 'dom-serializer', 'domelementtype']);

/** esbuild plugin: bare imports are external unless their package is in {@link INLINE}. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const parts = args.path.split('/');
      const pkg = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      return args.path.startsWith('node:') || !INLINE.has(pkg) ? { path: args.path, external: true } : undefined;
    });
  },
};

/** Superseded bundles older than this are deleted (a process may still load chunks from one). */
const KEEP_OLD_MS = 24 * 3_600_000;

/** Hash of the content of `files` (paths relative to ROOT). */
function hashInputs(files) {
  const h = createHash('sha256');
  for (const f of [...files].sort()) h.update(f).update('\0').update(readFileSync(join(ROOT, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** `…/node_modules/<pkg>/package.json` for a file of a package; any other path as it is. */
function packageManifestOf(file) {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return file;
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  return `${file.slice(0, at)}node_modules/${parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/')}/package.json`;
}

/** Size and modification time of each file, or undefined when one is missing. */
function stamps(files) {
  try {
    return files.map((f) => {
      const st = statSync(join(ROOT, f));
      return [f, st.size, st.mtimeMs];
    });
  } catch {
    return undefined;
  }
}

/**
 * The current bundle of `name` when none of the files it was built from (sources and inlined
 * packages) changed size or modification time since: a few hundred stat calls, no reading.
 */
function currentBundle(name) {
  try {
    const manifest = JSON.parse(readFileSync(join(BUILD_DIR, `${name}.json`), 'utf8'));
    const out = join(BUILD_DIR, manifest.dir, manifest.main);
    const now = stamps(manifest.inputs.map(([f]) => f));
    const same = now && now.every(([f, size, mtime], i) => f === manifest.inputs[i][0] && size === manifest.inputs[i][1] && mtime === manifest.inputs[i][2]);
    return same && existsSync(out) ? out : undefined;
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
    plugins: [externalPackages],
    // Linked, not inline: nothing extra to parse at start; `node --enable-source-maps` uses it.
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const hash = hashInputs(inputs);
  // Watched for changes: each source file, and for bundled packages their package.json alone
  // (an install rewrites it), which keeps the check at start to about a hundred stat calls.
  // This script too: a change to how it builds must reach the bundle.
  const watched = [...new Set([...inputs.map(packageManifestOf), relative(ROOT, fileURLToPath(import.meta.url))])];
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
  writeFileSync(manifestTmp, `${JSON.stringify({ entry, dir: dirName, main, inputs: stamps(watched) })}\n`);
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
  process.stderr.write('Usage: node src/run-built.mjs <entry.ts> [args…]\n');
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
