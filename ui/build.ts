import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = import.meta.dirname;
export const distDir = resolve(root, 'dist');

/** Stylesheets that ship with libraries the console bundles, copied beside our own. */
const libraryStyles = { 'uplot.css': createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css') };

/** Bundles the console into ui/dist (index.html, app.js, styles.css, uplot.css); takes well under a second. */
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
  for (const [file, source] of Object.entries(libraryStyles)) copyFileSync(source, join(distDir, file));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(root, 'build.ts')) {
  buildUi().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
