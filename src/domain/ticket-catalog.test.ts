import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FUZHOU_TICKET_CATALOG,
  addWorkingDays,
  catalogIndex,
  deadlineOf,
  nameIn,
  parseTicketCatalog,
  readableCatalogId,
  type TicketCatalog,
} from './ticket-catalog';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const readJson = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));

const minimal = () => ({
  categories: [
    { id: 'a', names: { 'zh-CN': '甲' }, department: 'd', limit: { workingDays: 2 } },
    { id: 'constructor', names: { en: 'Sites' }, department: 'd', limit: { hours: 36 } },
  ],
  departments: [{ id: 'd', names: { 'zh-CN': '某局', en: 'A bureau' } }],
});

function problem(raw: unknown) {
  const result = parseTicketCatalog(raw);
  if (result.ok) throw new Error('accepted');
  return { field: result.problem.path.join('.'), message: result.problem.message };
}

function parsed(raw: unknown): TicketCatalog {
  const result = parseTicketCatalog(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.catalog;
}

describe('parseTicketCatalog', () => {
  it('fills in the defaults: urgent 24 h, inquiries 24 h, due soon at 80 %, Saturdays and Sundays off', () => {
    const c = parsed(minimal());
    expect(c.urgentLimitHours).toBe(24);
    expect(c.typeLimits).toEqual({ inquiry: { hours: 24 } });
    expect(c.dueSoonShare).toBe(0.8);
    expect(c.workingDays).toEqual({ weekend: [0, 6], holidays: [], workdays: [] });
  });

  it('accepts ids that are property names, looked up in Maps', () => {
    const c = parsed(minimal());
    const index = catalogIndex(c);
    expect(index.categories.get('constructor')?.limit).toEqual({ hours: 36 });
    expect(index.categories.get('toString')).toBeUndefined();
    expect(index.categories.get('__proto__')).toBeUndefined();
  });

  it.each([
    [
      'a department that is not listed',
      (c: ReturnType<typeof minimal>) => void (c.categories[1]!.department = 'nowhere'),
      'categories.1.department',
    ],
    [
      'a category listed twice',
      (c: ReturnType<typeof minimal>) => void (c.categories[1]!.id = 'a'),
      'categories.1.id',
    ],
    [
      'a limit with both forms',
      (c: ReturnType<typeof minimal>) =>
        void (c.categories[0]!.limit = { workingDays: 2, hours: 3 } as never),
      'categories.0.limit',
    ],
    [
      'a category without a name',
      (c: ReturnType<typeof minimal>) => void (c.categories[0]!.names = {} as never),
      'categories.0.names',
    ],
    [
      'an unknown field',
      (c: ReturnType<typeof minimal>) =>
        void ((c.categories[0] as Record<string, unknown>).colour = 'red'),
      'categories.0.colour',
    ],
    [
      'an id with spaces',
      (c: ReturnType<typeof minimal>) => void (c.departments[0]!.id = 'a b'),
      'departments.0.id',
    ],
  ])('names the field of %s', (_what, spoil, field) => {
    const c = minimal();
    spoil(c);
    expect(problem(c).field).toBe(field);
  });

  it('checks holidays are dates and type limits are ticket types', () => {
    expect(problem({ ...minimal(), workingDays: { holidays: ['2025-02-30'] } }).field).toBe(
      'workingDays.holidays.0',
    );
    expect(problem({ ...minimal(), typeLimits: { chat: { hours: 1 } } }).field).toMatch(
      /^typeLimits/,
    );
    expect(problem({ ...minimal(), dueSoonShare: 1 }).field).toBe('dueSoonShare');
  });

  it('ships Fuzhou’s embedded catalogue as public/catalogs/fuzhou-12345.json, unchanged', () => {
    expect(parsed(readJson('public/catalogs/fuzhou-12345.json'))).toEqual(FUZHOU_TICKET_CATALOG);
    expect(parsed(FUZHOU_TICKET_CATALOG)).toEqual(FUZHOU_TICKET_CATALOG);
  });

  it('reads the second city’s catalogue of the tests', () => {
    const c = parsed(readJson('tests/fixtures/cities/zhangzhou/catalog.json'));
    expect(c.categories.map((x) => x.id)).toContain('constructor');
    expect(c.dueSoonShare).toBe(0.75);
  });
});

describe('deadlines', () => {
  // Monday 17 November 2025, 10:00 in China.
  const monday10 = Date.UTC(2025, 10, 17, 2);
  const fuzhou = FUZHOU_TICKET_CATALOG;

  it('count working days at the same time of day, skipping the weekend', () => {
    expect(addWorkingDays(monday10, 3, fuzhou)).toBe(monday10 + 3 * DAY);
    expect(addWorkingDays(monday10, 5, fuzhou)).toBe(monday10 + 7 * DAY);
    // Friday + 1 → Monday; Saturday + 1 → Monday.
    expect(addWorkingDays(monday10 + 4 * DAY, 1, fuzhou)).toBe(monday10 + 7 * DAY);
    expect(addWorkingDays(monday10 + 5 * DAY, 1, fuzhou)).toBe(monday10 + 7 * DAY);
  });

  it('follow urgency, then the type, then the category', () => {
    expect(deadlineOf(fuzhou, monday10, 'drainage', 'complaint', true)).toBe(monday10 + 24 * HOUR);
    expect(deadlineOf(fuzhou, monday10, 'housing', 'inquiry', false)).toBe(monday10 + 24 * HOUR);
    expect(deadlineOf(fuzhou, monday10, 'municipal', 'complaint', false)).toBe(monday10 + 3 * DAY);
    expect(deadlineOf(fuzhou, monday10, 'housing', 'complaint', false)).toBe(monday10 + 7 * DAY);
    // An id the catalogue does not list: five working days.
    expect(deadlineOf(fuzhou, monday10, 'unlisted', 'complaint', false)).toBe(monday10 + 7 * DAY);
  });

  it('use a city’s own limits, urgent hours per category and calendar', () => {
    const c = parsed({
      ...minimal(),
      categories: [
        {
          id: 'water',
          names: { 'zh-CN': '供水' },
          department: 'd',
          limit: { hours: 48 },
          urgentLimitHours: 12,
        },
        ...minimal().categories,
      ],
      urgentLimitHours: 8,
      typeLimits: { inquiry: { workingDays: 1 } },
      // 2025 National Day: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
      workingDays: {
        holidays: [
          '2025-10-01',
          '2025-10-02',
          '2025-10-03',
          '2025-10-06',
          '2025-10-07',
          '2025-10-08',
        ],
        workdays: ['2025-09-28', '2025-10-11'],
      },
    });
    const sept30 = Date.UTC(2025, 8, 30, 2); // Tuesday 10:00
    expect(deadlineOf(c, sept30, 'water', 'complaint', true)).toBe(sept30 + 12 * HOUR);
    expect(deadlineOf(c, sept30, 'a', 'complaint', true)).toBe(sept30 + 8 * HOUR);
    expect(deadlineOf(c, sept30, 'water', 'complaint', false)).toBe(sept30 + 48 * HOUR);
    // 2 working days from Tuesday 30 September: the holidays and a weekend pass, then Thursday
    // 9 and Friday 10 October.
    expect(deadlineOf(c, sept30, 'a', 'complaint', false)).toBe(sept30 + 10 * DAY);
    // From Thursday 9 October, 2 working days: Friday 10th and Saturday 11th (worked).
    expect(deadlineOf(c, sept30 + 9 * DAY, 'a', 'complaint', false)).toBe(sept30 + 11 * DAY);
    // Saturday 27 September + 1 working day: Sunday 28th is worked.
    const sat27 = Date.UTC(2025, 8, 27, 2);
    expect(deadlineOf(c, sat27, 'a', 'inquiry', false)).toBe(sat27 + DAY);
  });
});

describe('names', () => {
  it('give the language asked for, the other one when it is missing, or the id in words', () => {
    expect(nameIn({ 'zh-CN': '排水', en: 'Drainage' }, 'en')).toBe('Drainage');
    expect(nameIn({ 'zh-CN': '排水' }, 'en')).toBe('排水');
    expect(nameIn({ en: 'Drainage' }, 'zh-CN')).toBe('Drainage');
    expect(readableCatalogId('noise_night.v2')).toBe('noise night v2');
    expect(readableCatalogId('__')).toBe('__');
  });
});
