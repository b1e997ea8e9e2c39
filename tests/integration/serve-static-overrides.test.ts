import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';

const root = mkdtempSync(join(tmpdir(), 'serve-static-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>index</title>');
let server: StaticServer;

beforeAll(async () => {
  server = await startStaticServer({ root, overrides: { '/feed': { body: 'plain' } } });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const text = async (path: string) => (await fetch(new URL(path, server.url))).text();

describe('static server overrides', () => {
  it('answers a path whatever its query, and a key with a query only when the query has it', async () => {
    server.setOverride('/feed?delta=columns', { body: 'columns' });
    server.setOverride('/feed?delta=columns&view=wall', { body: 'wall columns' });
    expect(await text('/feed')).toBe('plain');
    expect(await text('/feed?since=1')).toBe('plain');
    expect(await text('/feed?since=1&delta=columns')).toBe('columns');
    expect(await text('/feed?delta=items')).toBe('plain');
    expect(await text('/feed?view=wall&since=1&delta=columns')).toBe('wall columns');
    expect(await text('/other?delta=columns')).toContain('<title>index</title>');
    expect(server.overrideHits('/feed')).toBe(3);
    expect(server.overrideHits('/feed?delta=columns')).toBe(1);
    expect(server.overrideHits('/feed?delta=columns&view=wall')).toBe(1);

    server.setOverride('/feed', null);
    expect(await text('/feed?delta=columns')).toBe('columns');
    expect(await text('/feed')).toContain('<title>index</title>');
  });
});
