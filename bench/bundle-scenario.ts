import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleResult {
  /** The scripts the page loads before any view's own code: the entry and what it preloads. */
  initial: { file: string; bytes: number; gzip: number }[];
  initialGzip: number;
  /** The chunk with the charting code, and whether any initial script holds charting code. */
  chartChunk: string | undefined;
  chartsInInitial: boolean;
  /** What opening the board loads: the initial scripts and the board chunk with its static imports. */
  board: RouteScripts;
}

export interface RouteScripts {
  files: { file: string; gzip: number }[];
  gzip: number;
  /** Whether any of them holds the schema library (zod). */
  zod: boolean;
}

/** A name only zod's code carries (its error class's name, a string), so it survives minification. */
const ZOD_MARK = '$ZodError';

/** The chunks `file` imports statically (`import ... from "./x.js"`, `import "./x.js"`), not `import()`. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
}

/**
 * The scripts a route's lazy chunk needs before it runs: the page's initial scripts, the chunk
 * whose name starts with `chunkPrefix` and everything either imports statically, each gzipped.
 */
export function routeScripts(clientDir: string, initial: string[], chunkPrefix: string): RouteScripts {
  const assets = path.join(clientDir, 'assets');
  const chunk = readdirSync(assets).find((f) => f.startsWith(chunkPrefix) && f.endsWith('.js'));
  if (!chunk) throw new Error(`no chunk ${chunkPrefix}* in ${assets}`);
  const seen = new Set<string>();
  const queue = [...initial.map((f) => path.basename(f)), chunk];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(readFileSync(path.join(assets, file), 'utf8')));
  }
  const files = [...seen].map((file) => {
    const code = readFileSync(path.join(assets, file));
    return { file, gzip: gzipSync(code, { level: 9 }).length, zod: code.includes(ZOD_MARK) };
  });
  return { files: files.map(({ file, gzip }) => ({ file, gzip })), gzip: files.reduce((sum, f) => sum + f.gzip, 0), zod: files.some((f) => f.zod) };
}

/** A name only Chart.js's code carries (an option it reads), so it survives minification. */
const CHART_MARK = 'borderSkipped';

/**
 * SPEC section 8, initial client JavaScript: the built `client/dist/index.html`'s module script
 * and the modules it preloads, each gzipped as a server would send it; and where the charts are.
 */
export function measureBundle(clientDir: string): BundleResult {
  const html = readFileSync(path.join(clientDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => (m[1] ?? m[2])!);
  const initial = files.map((file) => {
    const code = readFileSync(path.join(clientDir, file));
    return { file, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  });
  const assets = readdirSync(path.join(clientDir, 'assets')).filter((f) => f.endsWith('.js'));
  const chartChunk = assets.find((f) => readFileSync(path.join(clientDir, 'assets', f), 'utf8').includes(CHART_MARK));
  return {
    initial,
    initialGzip: initial.reduce((sum, f) => sum + f.gzip, 0),
    chartChunk,
    chartsInInitial: initial.some((f) => readFileSync(path.join(clientDir, f.file), 'utf8').includes(CHART_MARK)),
    board: routeScripts(clientDir, files, 'shoal-pipeline-board-'),
  };
}

// `npx tsx bench/bundle-scenario.ts [client/dist]`: the figures of the last build, without a bench run.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const result = measureBundle(process.argv[2] ?? path.join('client', 'dist'));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`initial: ${kb(result.initialGzip)} gzipped`);
  console.log(`board route: ${kb(result.board.gzip)} gzipped in ${result.board.files.length} scripts, zod ${result.board.zod ? 'included' : 'not included'}`);
  for (const f of result.board.files.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${f.file.padEnd(48)} ${kb(f.gzip)}`);
}
