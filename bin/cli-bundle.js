// The `datafleet` command ships compiled: services/cli/ and commander bundled by esbuild into one
// JavaScript file, so a command starts without compiling TypeScript. `npm run build:cli` writes it;
// bin/datafleet.js rebuilds it on first use and whenever one of the files it was built from changed.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const cliDir = join(root, 'services', 'cli');
export const bundleFile = join(root, 'bin', 'dist', 'datafleet-cli.mjs');
const STAMP = '// datafleet-cli built from ';

/** Files (relative to the project) and their modification times, as recorded in the bundle's first line. */
function recordedInputs() {
  try {
    const text = readFileSync(bundleFile, 'utf8');
    const firstLine = text.slice(0, text.indexOf('\n'));
    return firstLine.startsWith(STAMP) ? JSON.parse(firstLine.slice(STAMP.length)) : null;
  } catch {
    return null;
  }
}

/** Whether the bundle exists and every file it was built from is as it was then. */
export function bundleIsFresh() {
  const inputs = recordedInputs();
  if (!inputs) return false;
  try {
    return Object.entries(inputs).every(([file, mtimeMs]) => statSync(join(root, file)).mtimeMs === mtimeMs);
  } catch {
    return false; // a file it was built from is gone
  }
}

/**
 * The server code a few commands load on the control-plane host (`datafleet api|worker`, `secrets`,
 * `local-nodes`) is TypeScript loaded at run time through tsx, never bundled: a dynamic import from
 * the CLI that leaves services/cli/ stays an import of the source file.
 */
const serverCodeStaysOutside = {
  name: 'server-code-stays-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (!relative(cliDir, target).startsWith('..')) return undefined;
      const file = target.endsWith('.ts') ? target : `${target}.ts`;
      return { path: relative(dirname(bundleFile), file).split('\\').join('/'), external: true };
    });
  },
};

/** Builds the bundle (about 200 KB, well under a second) and writes it in one rename, so a reader never sees half a file. */
export async function buildCliBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(cliDir, 'main.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // commander is CommonJS: its require() of Node's own modules needs a real require in an ES module.
    banner: {
      js: "import { createRequire as __datafleetRequire } from 'node:module'; const require = __datafleetRequire(import.meta.url);",
    },
    plugins: [serverCodeStaysOutside],
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, statSync(join(root, file)).mtimeMs]));
  mkdirSync(dirname(bundleFile), { recursive: true });
  const temporary = `${bundleFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${STAMP}${JSON.stringify(inputs)}\n${result.outputFiles[0].text}`);
  renameSync(temporary, bundleFile);
  return bundleFile;
}

/** The bundle's file URL, built first when it is missing or older than its sources. */
export async function freshCliBundle() {
  if (!bundleIsFresh()) await buildCliBundle();
  return pathToFileURL(bundleFile).href;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'cli-bundle.js')) {
  buildCliBundle().then(
    () => undefined,
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
