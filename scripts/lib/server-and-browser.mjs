// The real reference server and Debian's Chromium, started the same way by the end-to-end tests
// and by the build's prerender step (scripts/prerender.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;

/** Starts loket-server (extra `LOKET_*` settings in `env`); resolves once it logs its URL. */
export async function startServer(env = {}) {
  const bin = process.env.LOKET_SERVER_BIN ?? join(root, 'target/debug/loket-server');
  const dist = process.env.LOKET_DIST ?? join(root, 'dist');
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-e2e-'));
  const child = spawn(bin, [], {
    env: {
      PATH: process.env.PATH,
      LOKET_ADDR: '127.0.0.1:0',
      LOKET_DATABASE: join(dataDir, 'loket.sqlite3'),
      LOKET_DIST: dist,
      LOKET_LOG_FORMAT: 'json',
      LOKET_LOG: 'info,tower_http=warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${logs.join('\n')}`)));
    createInterface({ input: child.stderr }).on('line', (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line);
        if (entry.fields?.message === 'listening') {
          clearTimeout(timer);
          resolve(entry.fields.url.replace(/\/$/, ''));
        }
      } catch { /* a non-JSON line is kept for the failure message */ }
    });
  });
  return {
    url,
    logs,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
}

