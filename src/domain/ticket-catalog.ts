// The classification list (分类目录) as plain data: category ids, the department each category is
// dispatched to, and the time limits (限时办结). Ids match the simulator's and the native contract's.
import type { Ticket, TicketStage, TicketType } from './ticket';

export const TICKET_CATEGORIES = [
  'municipal',
  'drainage',
  'sanitation',
  'greenery',
  'traffic',
  'environment',
  'construction',
  'food',
  'housing',
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export const DEPARTMENTS = [
  'urban_management',
  'drainage_company',
  'street_office',
  'landscaping',
  'traffic_police',
  'ecology_environment',
  'construction_bureau',
  'market_regulation',
  'housing_bureau',
] as const;
export type DepartmentId = (typeof DEPARTMENTS)[number];

export const CATEGORY_NAMES: Readonly<Record<TicketCategory, { zh: string; en: string }>> = {
  municipal: { zh: '市政设施', en: 'Municipal facilities' },
  drainage: { zh: '排水', en: 'Drainage and waterlogging' },
  sanitation: { zh: '市容环卫', en: 'Sanitation' },
  greenery: { zh: '园林绿化', en: 'Greenery' },
  traffic: { zh: '交通出行', en: 'Traffic' },
  environment: { zh: '环境保护', en: 'Pollution and noise' },
  construction: { zh: '违法建设', en: 'Illegal construction' },
  food: { zh: '食品安全', en: 'Food safety' },
  housing: { zh: '住房物业', en: 'Housing and property' },
};

export const DEPARTMENT_NAMES: Readonly<Record<DepartmentId, { zh: string; en: string }>> = {
  urban_management: { zh: '城管局', en: 'Urban management bureau' },
  drainage_company: { zh: '区排水公司', en: 'District drainage company' },
  street_office: { zh: '街道办', en: 'Street office' },
  landscaping: { zh: '园林中心', en: 'Landscaping centre' },
  traffic_police: { zh: '交警支队', en: 'Traffic police' },
  ecology_environment: { zh: '生态环境局', en: 'Ecology and environment bureau' },
  construction_bureau: { zh: '建设局', en: 'Construction bureau' },
  market_regulation: { zh: '市场监管局', en: 'Market regulation bureau' },
  housing_bureau: { zh: '房管局', en: 'Housing bureau' },
};

/** Where a ticket of each category is dispatched. */
export const CATEGORY_DEPARTMENT: Readonly<Record<TicketCategory, DepartmentId>> = {
  municipal: 'urban_management',
  drainage: 'drainage_company',
  sanitation: 'street_office',
  greenery: 'landscaping',
  traffic: 'traffic_police',
  environment: 'ecology_environment',
  construction: 'construction_bureau',
  food: 'market_regulation',
  housing: 'housing_bureau',
};

/** Normal time limit per category, in working days (Saturdays and Sundays do not count). */
export const CATEGORY_LIMIT_WORKING_DAYS: Readonly<Record<TicketCategory, number>> = {
  municipal: 3,
  drainage: 3,
  sanitation: 3,
  greenery: 5,
  traffic: 3,
  environment: 5,
  construction: 5,
  food: 5,
  housing: 5,
};

/** Limits that override the category's: urgent tickets, and types answered rather than fixed. */
export const URGENT_LIMIT_HOURS = 24;
export const TYPE_LIMIT_HOURS: Readonly<Partial<Record<TicketType, number>>> = {
  inquiry: 24,
};

/** 临期: a ticket is due soon once this share of its time limit has passed. */
export const DUE_SOON_SHARE = 0.8;

export const isTicketCategory = (id: string): id is TicketCategory =>
  (TICKET_CATEGORIES as readonly string[]).includes(id);

const isClosed = (stage: TicketStage): boolean => stage === 'closed' || stage === 'rated';

/** 超期: not closed (or rated) and past its deadline at `now`. */
export function isOverdue(ticket: Pick<Ticket, 'stage' | 'deadline'>, now: number): boolean {
  return !isClosed(ticket.stage) && now > ticket.deadline;
}

/** 临期: open, not yet overdue, and past `DUE_SOON_SHARE` of the span from report to deadline. */
export function isDueSoon(
  ticket: Pick<Ticket, 'stage' | 'deadline' | 'stages'>,
  now: number,
): boolean {
  if (isClosed(ticket.stage) || now > ticket.deadline) return false;
  const start = ticket.stages.reported;
  return now >= start + (ticket.deadline - start) * DUE_SOON_SHARE;
}

/** Closed (or rated) no later than the deadline. Null while the ticket is open. */
export function closedOnTime(ticket: Pick<Ticket, 'stages' | 'deadline'>): boolean | null {
  const closed = ticket.stages.closed;
  return closed === undefined ? null : closed <= ticket.deadline;
}
