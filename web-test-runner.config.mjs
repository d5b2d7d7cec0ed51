import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

/** Flags Debian's Chromium needs here (see TOOLCHAIN.md): root, no GPU, no background traffic. */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Component tests: each test file in real Chromium, TypeScript through esbuild with the root tsconfig. */
export default {
  files: ['tests/components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // Lit's one-line dev-mode notice; every other browser log still shows.
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').startsWith('Lit is in dev mode'),
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: chromiumFlags,
      },
    }),
  ],
  testFramework: {
    config: { timeout: 5000 },
  },
};
