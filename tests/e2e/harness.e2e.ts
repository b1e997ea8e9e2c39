// Self-test of the e2e harness against a throwaway page: the checks must be able to fail.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import type { StaticServer } from '../../scripts/serve-static.mjs';
import {
  closePage,
  elementPixelStats,
  expectClean,
  launchBrowser,
  openPage,
  pageLog,
  waitForAppReady,
  waitForMap,
} from './browser.ts';

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>harness</title>
<style>html,body{margin:0;height:100%;background:#0b1220}#map{position:absolute;inset:40px}
canvas{width:100%;height:100%;display:block}</style></head>
<body><div id="map" data-testid="map"><canvas></canvas></div>
<script type="module" src="/assets/app.js"></script></body></html>`;

const APP_JS = `
const canvas = document.querySelector('canvas');
canvas.width = canvas.clientWidth;
canvas.height = canvas.clientHeight;
const gl = canvas.getContext('webgl2');
if (!gl) throw new Error('no WebGL2');
const program = gl.createProgram();
for (const [type, source] of [
  [gl.VERTEX_SHADER, '#version 300 es\\nin vec2 p; out vec2 v; void main() { v = p * 0.5 + 0.5; gl_Position = vec4(p * 0.8, 0.0, 1.0); }'],
  [gl.FRAGMENT_SHADER, '#version 300 es\\nprecision mediump float; in vec2 v; out vec4 o; void main() { o = vec4(v.x, v.y, 0.6, 1.0); }'],
]) {
  const shader = gl.createShader(type);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  gl.attachShader(program, shader);
}
gl.linkProgram(program);
gl.useProgram(program);
gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, 0, 1]), gl.STATIC_DRAW);
gl.enableVertexAttribArray(0);
gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
gl.clearColor(0.04, 0.07, 0.13, 1);
gl.clear(gl.COLOR_BUFFER_BIT);
gl.drawArrays(gl.TRIANGLES, 0, 3);
const params = new URLSearchParams(location.search);
if (params.has('foreign')) fetch('https://example.invalid/tiles.pbf').catch(() => {});
if (params.has('boom')) setTimeout(() => { throw new Error('boom'); });
if (params.has('worker')) new Worker('/assets/worker.js', { type: 'module' });
const config = await (await fetch('/config.json')).json();
const ready = document.createElement('div');
ready.dataset.testid = 'app-ready';
ready.textContent = config.city;
document.body.append(ready);
`;

const WORKER_JS = `
console.error('worker says no');
fetch('https://example.invalid/from-worker').catch(() => {});
`;

let dir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'e2e-harness-'));
  await writeFile(join(dir, 'index.html'), INDEX_HTML);
  await writeFile(join(dir, 'config.json'), JSON.stringify({ city: 'Fuzhou' }));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'app.js'), APP_JS);
  await writeFile(join(dir, 'assets', 'worker.js'), WORKER_JS);
  server = await startStaticServer({ root: dir, csp: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('e2e harness', () => {
  it('sees a WebGL canvas draw, and a clean page as clean', async () => {
    const page = await openPage(browser, new URL('/tickets', server.url).href);
    await waitForMap(page);
    await waitForAppReady(page);
    const stats = await elementPixelStats(page, '[data-testid="map"] canvas');
    expect(stats.distinctColors).toBeGreaterThan(100);
    expect(stats.nonBackgroundRatio).toBeGreaterThan(0.2);
    expect(stats.nonBackgroundRatio).toBeLessThan(0.8);
    expectClean(page);
    await closePage(page);
  });

  it('reports foreign requests, uncaught errors and HTTP errors', async () => {
    server.setOverride('/config.json', { status: 500, body: 'broken' });
    try {
      const page = await openPage(browser, new URL('/?foreign&boom&worker', server.url).href);
      await expect.poll(() => pageLog(page).pageErrors.length).toBeGreaterThanOrEqual(2);
      await expect.poll(() => pageLog(page).foreignRequests.length).toBe(2);
      const log = pageLog(page);
      expect(log.foreignRequests.sort()).toEqual([
        'https://example.invalid/from-worker',
        'https://example.invalid/tiles.pbf',
      ]);
      expect(log.consoleErrors.join('\n')).toMatch(/worker says no/);
      expect(log.httpErrors).toEqual([`500 GET ${server.url}config.json`]);
      expect(log.consoleErrors.join('\n')).toMatch(/status of 500/);
      expect(log.pageErrors.join('\n')).toMatch(/boom/);
      expect(() => expectClean(page)).toThrow(/boom/);
      // Errors can be tolerated; requests off the app's origin cannot.
      expect(() => expectClean(page, { allow: [/./] })).toThrow(
        /^page .* is not clean \(2\):\n {2}foreign request: .*\n {2}foreign request: .*$/,
      );
      await closePage(page);
    } finally {
      server.setOverride('/config.json', null);
    }
  });
});
