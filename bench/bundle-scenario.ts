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
  };
}
