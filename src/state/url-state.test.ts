// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  getUrlState,
  parseSelection,
  readUrl,
  urlActions,
  writeUrl,
  type UrlState,
} from './url-state';

const CELL = '8941a9a5a4bffff';

describe('URL ↔ state', () => {
  const levels: [string, UrlState][] = [
    ['city', { path: '/tickets', area: null, cell: null, selected: null }],
    ['district', { path: '/tickets', area: '350102', cell: null, selected: null }],
    ['street', { path: '/tickets', area: '350102001', cell: null, selected: null }],
    ['community', { path: '/tickets', area: '350102001001', cell: null, selected: null }],
    ['cell', { path: '/tickets', area: '350102001001', cell: CELL, selected: null }],
    ['ticket', { path: '/', area: '350102', cell: null, selected: { feed: 'tickets', id: 'T-1' } }],
    [
      'an entity whose id holds a colon',
      { path: '/', area: null, cell: null, selected: { feed: 'signals', id: 'S:1:2' } },
    ],
  ];
  it.each(levels)('round-trips the %s level', (_, state) => {
    const url = new URL(writeUrl(state, ''), 'http://x');
    expect(readUrl(url)).toEqual(state);
  });

  it('reads the older ?ticket= link as a tickets selection, and writes ?select=', () => {
    expect(readUrl({ pathname: '/tickets', search: '?ticket=T-9' }).selected).toEqual({
      feed: 'tickets',
      id: 'T-9',
    });
    expect(
      writeUrl(
        { path: '/tickets', area: null, cell: null, selected: { feed: 'tickets', id: 'T-9' } },
        '?ticket=T-9&lang=en',
      ),
    ).toBe('/tickets?lang=en&select=tickets%3AT-9');
  });

  it.each(['', 'T-1', 'parking:P-1', 'tickets:', ':T-1', `tickets:${'x'.repeat(65)}`])(
    'ignores a selection it cannot read: %s',
    (value) => {
      expect(parseSelection(value)).toBeNull();
    },
  );

  it('keeps ids that are property names as they are', () => {
    expect(parseSelection('tickets:__proto__')).toEqual({ feed: 'tickets', id: '__proto__' });
    expect(parseSelection('detections:constructor')).toEqual({
      feed: 'detections',
      id: 'constructor',
    });
  });

  it('keeps unrelated parameters such as the language', () => {
    const url = writeUrl(
      { path: '/tickets', area: '350102', cell: null, selected: null },
      '?lang=en&area=350103',
    );
    expect(url).toBe('/tickets?lang=en&area=350102');
  });
});

describe('navigation', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/tickets');
    urlActions.replaced({ path: '/tickets', area: null, cell: null, selected: null });
  });

  const back = async () => {
    window.history.back();
    await new Promise((r) => window.addEventListener('popstate', r, { once: true }));
  };
  const forward = async () => {
    window.history.forward();
    await new Promise((r) => window.addEventListener('popstate', r, { once: true }));
  };

  it('pushes one history entry per level and Back/Forward restore them', async () => {
    urlActions.areaSelected('350102');
    urlActions.areaSelected('350102001');
    urlActions.cellSelected(CELL);
    expect(window.location.search).toBe(`?area=350102001&cell=${CELL}`);
    await back();
    expect(getUrlState()).toMatchObject({ area: '350102001', cell: null });
    await back();
    expect(getUrlState()).toMatchObject({ area: '350102', cell: null });
    await forward();
    expect(getUrlState()).toMatchObject({ area: '350102001', cell: null });
  });

  it('a new area clears the cell and the selection', () => {
    urlActions.areaSelected('350102001');
    urlActions.cellSelected(CELL);
    urlActions.entitySelected({ feed: 'tickets', id: 'T-9' });
    urlActions.areaSelected('350103');
    expect(getUrlState()).toEqual({ path: '/tickets', area: '350103', cell: null, selected: null });
  });

  it('does not push an entry when nothing changes', () => {
    urlActions.areaSelected('350102');
    const length = window.history.length;
    urlActions.areaSelected('350102');
    expect(window.history.length).toBe(length);
  });
});
