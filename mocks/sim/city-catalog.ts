// A city's 12345 catalogue as the simulated city reads it: the same list the app shows
// (src/domain/ticket-catalog.ts, config.json `scenarios.tickets.catalog`), plus what the
// simulator needs to play it: for each category a family of issues (which text templates,
// how often, how urgent, how long to fix), found from its id or its name.
import {
  FUZHOU_TICKET_CATALOG,
  catalogIndex,
  deadlineOf,
  nameIn,
  type CatalogCategory,
  type TicketCatalog,
} from '../../src/domain/ticket-catalog';
import type { TicketType } from '../../src/domain/ticket';

/** The kinds of issue the simulator has templates and rhythms for; `other` is generic. */
export const FAMILIES = [
  'municipal',
  'drainage',
  'sanitation',
  'greenery',
  'traffic',
  'environment',
  'construction',
  'food',
  'housing',
  'other',
] as const;
export type Family = (typeof FAMILIES)[number];

interface FamilyRhythm {
  /** Relative share of citizen tickets (Fuzhou's mix: municipal 17 % … greenery 6 %). */
  weight: number;
  /** Share of its complaints, help requests and reports that are urgent. */
  urgent: number;
  /** Median hours from the start of handling to the department's feedback (not urgent). */
  handleHours: number;
  /** More of it at night (22–06 h): noise, neighbours. */
  night: number;
}

const RHYTHM: Readonly<Record<Family, FamilyRhythm>> = {
  municipal: { weight: 17, urgent: 0.1, handleHours: 7, night: 1 },
  drainage: { weight: 7, urgent: 0.15, handleHours: 5, night: 1 },
  sanitation: { weight: 16, urgent: 0.04, handleHours: 3, night: 1 },
  greenery: { weight: 6, urgent: 0.04, handleHours: 18, night: 1 },
  traffic: { weight: 13, urgent: 0.04, handleHours: 6, night: 1 },
  environment: { weight: 12, urgent: 0.04, handleHours: 14, night: 2.5 },
  construction: { weight: 7, urgent: 0.04, handleHours: 32, night: 1 },
  food: { weight: 7, urgent: 0.06, handleHours: 20, night: 1 },
  housing: { weight: 15, urgent: 0.04, handleHours: 20, night: 1.2 },
  other: { weight: 4, urgent: 0.03, handleHours: 18, night: 1 },
};

// Read in order: the first family whose words appear in a category's names wins
// (生态环境 is environment before 建 could make it construction; 住建物业 is housing).
const WORDS: readonly (readonly [Family, RegExp, RegExp])[] = [
  ['drainage', /排水|积水|内涝|水务|污水|管网/, /drain|flood|sewer|water/],
  ['environment', /环境|生态|噪声|噪音|污染|环保|油烟/, /environment|noise|pollution|ecolog/],
  ['sanitation', /市容|环卫|垃圾|保洁/, /sanitation|garbage|litter|waste|clean/],
  ['greenery', /园林|绿化|树木|公园/, /green|parks?\b|trees?\b|landscap/],
  ['housing', /住房|物业|房屋|住建|小区/, /housing|property|tenan|estate/],
  ['construction', /违建|违法建设|建筑|施工|工地|建设/, /construction|building|sites?\b/],
  ['food', /食品|餐饮|市场|消费/, /food|restaurant|market|consumer/],
  ['traffic', /交通|出行|公交|停车/, /traffic|transport|bus\b|parking/],
  [
    'municipal',
    /市政|路灯|井盖|道路|设施|城管|城市管理/,
    /municipal|street ?light|roads?\b|manhole|facilit/,
  ],
];

/** The family of a category: its id when that is a family's name, else the words of its names. */
export function familyOf(category: Pick<CatalogCategory, 'id' | 'names'>): Family {
  const byId = FAMILIES.find((f) => f === category.id && f !== 'other');
  if (byId) return byId;
  const zh = category.names['zh-CN'] ?? '';
  // English words from their start (`Street` is not a tree).
  const en = ` ${(category.names.en ?? '').toLowerCase().replace(/[^a-z]+/g, ' ')}`;
  for (const [family, chinese, english] of WORDS)
    if (chinese.test(zh) || new RegExp(` (?:${english.source})`).test(en)) return family;
  return 'other';
}

/** One category as the simulator plays it. */
export interface SimCategory extends FamilyRhythm {
  id: string;
  family: Family;
  /** Its Chinese name (ticket text), or the English one. */
  name: string;
  department: string;
  /** The department's Chinese name (text of praise tickets). */
  departmentName: string;
}

export interface SimCatalog {
  readonly catalog: TicketCatalog;
  /** In the catalogue's order. */
  readonly categories: readonly SimCategory[];
  readonly byId: ReadonlyMap<string, SimCategory>;
  /**
   * The city's category for an id of the embedded list (a detection type's, an incident's):
   * the same id when the city has it, else the city's first category of the same family, else
   * its first municipal one, else its first.
   */
  resolve(id: string): SimCategory;
  /** The city's first category of a family (with the same fallbacks). */
  ofFamily(family: Family): SimCategory;
  /** A ticket's deadline under the city's limits and working days (UTC+8, as the simulator). */
  deadline(reported: number, category: string, type: TicketType, urgent: boolean): number;
}

const built = new WeakMap<TicketCatalog, SimCatalog>();

/** The simulator's reading of a catalogue, built once per catalogue object. */
export function simCatalog(catalog: TicketCatalog = FUZHOU_TICKET_CATALOG): SimCatalog {
  const hit = built.get(catalog);
  if (hit) return hit;
  const index = catalogIndex(catalog);
  const categories = catalog.categories.map((c): SimCategory => {
    const family = familyOf(c);
    const department = index.departments.get(c.department);
    return {
      ...RHYTHM[family],
      id: c.id,
      family,
      name: nameIn(c.names, 'zh-CN'),
      department: c.department,
      departmentName: department ? nameIn(department.names, 'zh-CN') : c.department,
    };
  });
  const byId = new Map(categories.map((c) => [c.id, c] as const));
  const first = categories[0] as SimCategory;
  const ofFamily = (family: Family): SimCategory =>
    categories.find((c) => c.family === family) ??
    categories.find((c) => c.family === 'municipal') ??
    first;
  const fallback = simCatalogOf(FUZHOU_TICKET_CATALOG, catalog);
  const sim: SimCatalog = {
    catalog,
    categories,
    byId,
    resolve: (id) => byId.get(id) ?? ofFamily(fallback(id)),
    ofFamily,
    deadline: (reported, category, type, urgent) =>
      deadlineOf(catalog, reported, category, type, urgent),
  };
  built.set(catalog, sim);
  return sim;
}

/** The family of an embedded-list id (what a detection or incident names), for another city. */
function simCatalogOf(embedded: TicketCatalog, city: TicketCatalog): (id: string) => Family {
  if (embedded === city) return () => 'municipal';
  const families = new Map(embedded.categories.map((c) => [c.id, familyOf(c)] as const));
  return (id) => families.get(id) ?? 'municipal';
}
