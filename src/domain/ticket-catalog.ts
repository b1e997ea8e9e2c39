// A city's classification list (分类目录) as data: its categories, the departments they are
// dispatched to, the time limits (限时办结) by category, urgency and type, the due-soon mark and
// the working-day calendar. Each city has its own (the national 12345 guidance leaves the list to
// the city): config.json names it (`scenarios.tickets.catalog`, docs/config.md); Fuzhou's is the
// embedded default. The simulated city reads the same catalogue.
import * as z from 'zod/mini';
import { TICKET_TYPES, type Ticket, type TicketStage, type TicketType } from './ticket';

/**
 * A category id from a city's catalogue: any short id (the same rule as `Ticket.category`),
 * property names such as `constructor` included. Kept as a string: the list is data.
 */
export type TicketCategory = string;

/** An id of a catalogue: letters, digits, dash, underscore, dot, colon; up to 64 (as ticket.ts). */
const catalogId = z
  .string()
  .check(z.regex(/^[\w.:-]{1,64}$/, 'must be 1–64 of A–Z a–z 0–9 _ . : -'));

const nameText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** A name in each language the app speaks; at least one. */
const namesSchema = z
  .strictObject({ 'zh-CN': z.optional(nameText(40)), en: z.optional(nameText(80)) })
  .check(z.refine((n) => n['zh-CN'] !== undefined || n.en !== undefined, 'needs zh-CN or en'));

/** A time limit: working days (the calendar below) or hours (around the clock). */
const limitSchema = z
  .strictObject({
    workingDays: z.optional(z.int().check(z.minimum(1), z.maximum(60))),
    hours: z.optional(z.number().check(z.positive(), z.maximum(2000))),
  })
  .check(
    z.refine(
      (l) => (l.workingDays === undefined) !== (l.hours === undefined),
      'must give either workingDays or hours',
    ),
  );

const categorySchema = z.strictObject({
  id: catalogId,
  names: namesSchema,
  /** The department tickets of this category are dispatched to (an id of `departments`). */
  department: catalogId,
  /** The normal time limit. */
  limit: limitSchema,
  /** Hours for an urgent ticket of this category (default: the catalogue's `urgentLimitHours`). */
  urgentLimitHours: z.optional(z.number().check(z.positive(), z.maximum(2000))),
});

const departmentSchema = z.strictObject({ id: catalogId, names: namesSchema });

/** A local date, `YYYY-MM-DD`. */
const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  z.refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'is not a calendar date'),
);

const DEFAULT_WORKING_DAYS = { weekend: [0, 6], holidays: [], workdays: [] };

const workingDaysSchema = z.strictObject({
  /** Days of the week that are not working days, 0 = Sunday … 6 = Saturday. */
  weekend: z._default(
    z.array(z.int().check(z.minimum(0), z.maximum(6))).check(z.maxLength(6)),
    [0, 6],
  ),
  /** Public holidays (not working days), local dates. */
  holidays: z._default(z.array(isoDate).check(z.maxLength(1000)), []),
  /** Weekend days worked instead (调休上班), local dates. */
  workdays: z._default(z.array(isoDate).check(z.maxLength(1000)), []),
});

/** Every field a catalogue file (or `scenarios.tickets.catalog` inline) may hold. */
export const ticketCatalogSchema = z
  .strictObject({
    /** Free text: where the list comes from, its date. Not shown. */
    note: z.optional(z.string().check(z.maxLength(2000))),
    /** In the order the city lists them. */
    categories: z.array(categorySchema).check(z.minLength(1), z.maxLength(500)),
    departments: z.array(departmentSchema).check(z.minLength(1), z.maxLength(1000)),
    /** Hours for an urgent ticket (紧急), unless its category says otherwise. */
    urgentLimitHours: z._default(z.number().check(z.positive(), z.maximum(2000)), 24),
    /** Limits by ticket type that replace the category's (an inquiry is answered within a day). */
    typeLimits: z._default(z.partialRecord(z.enum(TICKET_TYPES), limitSchema), {
      inquiry: { hours: 24 },
    }),
    /** 临期: a ticket is due soon once this share of its time limit has passed. */
    dueSoonShare: z._default(z.number().check(z.gt(0), z.lt(1)), 0.8),
    workingDays: z._default(workingDaysSchema, DEFAULT_WORKING_DAYS),
  })
  .check(
    z.superRefine((c, ctx) => {
      const unique = (ids: string[], list: 'categories' | 'departments') => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          if (seen.has(id))
            ctx.issues.push({
              code: 'custom',
              path: [list, i, 'id'],
              message: `"${id}" is listed twice`,
              input: id,
            });
          seen.add(id);
        });
        return seen;
      };
      unique(
        c.categories.map((x) => x.id),
        'categories',
      );
      const departments = unique(
        c.departments.map((x) => x.id),
        'departments',
      );
      c.categories.forEach((x, i) => {
        if (!departments.has(x.department))
          ctx.issues.push({
            code: 'custom',
            path: ['categories', i, 'department'],
            message: `"${x.department}" is not one of the departments`,
            input: x.department,
          });
      });
    }),
  );

export type TicketCatalog = z.output<typeof ticketCatalogSchema>;
export type CatalogCategory = TicketCatalog['categories'][number];
export type CatalogDepartment = TicketCatalog['departments'][number];
export type CatalogNames = CatalogCategory['names'];
export type TimeLimit = CatalogCategory['limit'];

/** The first problem of a catalogue: the field (path within the catalogue) and what is wrong. */
export interface CatalogProblem {
  path: (string | number)[];
  message: string;
}

/** Validates a catalogue (defaults filled in), or names its first problem. */
export function parseTicketCatalog(
  raw: unknown,
): { ok: true; catalog: TicketCatalog } | { ok: false; problem: CatalogProblem } {
  const result = ticketCatalogSchema.safeParse(raw);
  if (result.success) return { ok: true, catalog: result.data };
  const issue = result.error.issues[0];
  // An unknown key is reported on its parent: name the key itself.
  const path = issue
    ? [
        ...(issue.path as (string | number)[]),
        ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : []),
      ]
    : [];
  return { ok: false, problem: { path, message: issue?.message ?? 'invalid' } };
}

const name = (zh: string, en: string): CatalogNames => ({ 'zh-CN': zh, en });

/**
 * Fuzhou's list, the embedded default (public/catalogs/fuzhou-12345.json is the same, as a file to
 * copy for another city). Time limits: urgent 24 h, inquiries 24 h, otherwise 3 or 5 working days.
 */
export const FUZHOU_TICKET_CATALOG: TicketCatalog = {
  note: 'Fuzhou 12345 classification list, the app’s embedded default. Copy this file for another city: docs/config.md.',
  categories: [
    {
      id: 'municipal',
      names: name('市政设施', 'Municipal facilities'),
      department: 'urban_management',
      limit: { workingDays: 3 },
    },
    {
      id: 'drainage',
      names: name('排水', 'Drainage and waterlogging'),
      department: 'drainage_company',
      limit: { workingDays: 3 },
    },
    {
      id: 'sanitation',
      names: name('市容环卫', 'Sanitation'),
      department: 'street_office',
      limit: { workingDays: 3 },
    },
    {
      id: 'greenery',
      names: name('园林绿化', 'Greenery'),
      department: 'landscaping',
      limit: { workingDays: 5 },
    },
    {
      id: 'traffic',
      names: name('交通出行', 'Traffic'),
      department: 'traffic_police',
      limit: { workingDays: 3 },
    },
    {
      id: 'environment',
      names: name('环境保护', 'Pollution and noise'),
      department: 'ecology_environment',
      limit: { workingDays: 5 },
    },
    {
      id: 'construction',
      names: name('违法建设', 'Illegal construction'),
      department: 'construction_bureau',
      limit: { workingDays: 5 },
    },
    {
      id: 'food',
      names: name('食品安全', 'Food safety'),
      department: 'market_regulation',
      limit: { workingDays: 5 },
    },
    {
      id: 'housing',
      names: name('住房物业', 'Housing and property'),
      department: 'housing_bureau',
      limit: { workingDays: 5 },
    },
  ],
  departments: [
    { id: 'urban_management', names: name('城管局', 'Urban management bureau') },
    { id: 'drainage_company', names: name('区排水公司', 'District drainage company') },
    { id: 'street_office', names: name('街道办', 'Street office') },
    { id: 'landscaping', names: name('园林中心', 'Landscaping centre') },
    { id: 'traffic_police', names: name('交警支队', 'Traffic police') },
    { id: 'ecology_environment', names: name('生态环境局', 'Ecology and environment bureau') },
    { id: 'construction_bureau', names: name('建设局', 'Construction bureau') },
    { id: 'market_regulation', names: name('市场监管局', 'Market regulation bureau') },
    { id: 'housing_bureau', names: name('房管局', 'Housing bureau') },
  ],
  urgentLimitHours: 24,
  typeLimits: { inquiry: { hours: 24 } },
  dueSoonShare: 0.8,
  workingDays: { weekend: [0, 6], holidays: [], workdays: [] },
};

/** The catalogue's lists as Maps (ids are data: never keys of plain objects) and its calendar. */
export interface CatalogIndex {
  readonly catalog: TicketCatalog;
  readonly categories: ReadonlyMap<string, CatalogCategory>;
  readonly departments: ReadonlyMap<string, CatalogDepartment>;
  /** Whether a local day (days since 1970-01-01 in the city) is a working day. */
  isWorkingDay(localDay: number): boolean;
}

const indexes = new WeakMap<TicketCatalog, CatalogIndex>();
const DAY = 86_400_000;
const HOUR = 3_600_000;

const isoOfDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** The catalogue's index, built once per catalogue object. */
export function catalogIndex(catalog: TicketCatalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const weekend = new Set(catalog.workingDays.weekend);
  const holidays = new Set(catalog.workingDays.holidays);
  const workdays = new Set(catalog.workingDays.workdays);
  const dated = holidays.size > 0 || workdays.size > 0;
  index = {
    catalog,
    categories: new Map(catalog.categories.map((c) => [c.id, c] as const)),
    departments: new Map(catalog.departments.map((d) => [d.id, d] as const)),
    isWorkingDay(localDay) {
      if (dated) {
        const iso = isoOfDay(localDay);
        if (workdays.has(iso)) return true;
        if (holidays.has(iso)) return false;
      }
      return !weekend.has((((localDay + 4) % 7) + 7) % 7);
    },
  };
  indexes.set(catalog, index);
  return index;
}

/** China Standard Time: the offset working days are counted in unless a city says otherwise. */
const CHINA_OFFSET_MIN = 480;

/**
 * `t` plus `n` working days of the catalogue's calendar, at the same time of day: the days after
 * `t`'s local day are counted, skipping weekends and holidays (and counting weekend days worked).
 */
export function addWorkingDays(
  t: number,
  n: number,
  catalog: TicketCatalog,
  offsetMin = CHINA_OFFSET_MIN,
): number {
  const index = catalogIndex(catalog);
  const shift = offsetMin * 60_000;
  let day = Math.floor((t + shift) / DAY);
  let left = n;
  let days = 0;
  // A year of holidays at most: a calendar without working days cannot loop forever.
  while (left > 0 && days < 400) {
    day += 1;
    days += 1;
    if (index.isWorkingDay(day)) left -= 1;
  }
  return t + days * DAY;
}

/** The end of a time limit started at `t`. */
export function limitEnd(
  t: number,
  limit: TimeLimit,
  catalog: TicketCatalog,
  offsetMin = CHINA_OFFSET_MIN,
): number {
  return limit.hours !== undefined
    ? t + limit.hours * HOUR
    : addWorkingDays(t, limit.workingDays ?? 0, catalog, offsetMin);
}

/** What a category id the catalogue does not list gets: five working days. */
export const UNLISTED_LIMIT: TimeLimit = { workingDays: 5 };

/**
 * The deadline of a ticket reported at `reported`: urgent → the category's (or the catalogue's)
 * urgent hours; a type with its own limit (inquiry) → that; otherwise the category's limit.
 */
export function deadlineOf(
  catalog: TicketCatalog,
  reported: number,
  category: string,
  type: TicketType,
  urgent: boolean,
  offsetMin = CHINA_OFFSET_MIN,
): number {
  const entry = catalogIndex(catalog).categories.get(category);
  if (urgent) return reported + (entry?.urgentLimitHours ?? catalog.urgentLimitHours) * HOUR;
  const byType = catalog.typeLimits[type];
  if (byType) return limitEnd(reported, byType, catalog, offsetMin);
  return limitEnd(reported, entry?.limit ?? UNLISTED_LIMIT, catalog, offsetMin);
}

/** The name in the language, else in the other one (a catalogue gives at least one). */
export function nameIn(names: CatalogNames, language: string): string {
  const own = language === 'en' ? names.en : names['zh-CN'];
  return own ?? names['zh-CN'] ?? names.en ?? '';
}

/** An id the catalogue does not name, as words (`noise_night` → `noise night`). */
export const readableCatalogId = (id: string): string => {
  const words = id.replace(/[_.:-]+/g, ' ').trim();
  return words.length > 0 ? words : id;
};

const isClosed = (stage: TicketStage): boolean => stage === 'closed' || stage === 'rated';

/** 超期: not closed (or rated) and past its deadline at `now`. */
export function isOverdue(ticket: Pick<Ticket, 'stage' | 'deadline'>, now: number): boolean {
  return !isClosed(ticket.stage) && now > ticket.deadline;
}

/**
 * 临期: open, not yet overdue, and past `dueSoonShare` (the catalogue's, 0.8 by default) of the
 * span from report to deadline.
 */
export function isDueSoon(
  ticket: Pick<Ticket, 'stage' | 'deadline' | 'stages'>,
  now: number,
  dueSoonShare = FUZHOU_TICKET_CATALOG.dueSoonShare,
): boolean {
  if (isClosed(ticket.stage) || now > ticket.deadline) return false;
  const start = ticket.stages.reported;
  return now >= start + (ticket.deadline - start) * dueSoonShare;
}

/** Closed (or rated) no later than the deadline. Null while the ticket is open. */
export function closedOnTime(ticket: Pick<Ticket, 'stages' | 'deadline'>): boolean | null {
  const closed = ticket.stages.closed;
  return closed === undefined ? null : closed <= ticket.deadline;
}
