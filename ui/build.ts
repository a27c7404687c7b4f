import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = import.meta.dirname;
export const distDir = resolve(root, 'dist');

/** Bundles the console into ui/dist (index.html, app.js, styles.css); takes well under a second. */
export async function buildUi(): Promise<void> {
  mkdirSync(distDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'src/main.tsx')],
    outfile: join(distDir, 'app.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(join(root, 'src', file), join(distDir, file));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(root, 'build.ts')) {
  buildUi().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
