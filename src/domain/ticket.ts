import * as z from 'zod/mini';
import { entityId, epochMs, feedText, placed } from './common';

/** An id from a city's catalogue: letters, digits, dash, underscore, dot, colon; up to 64. */
const catalogId = z.string().check(z.regex(/^[\w.:-]{1,64}$/));

export const TICKET_CHANNELS = ['hotline', 'web', 'app', 'miniprogram', 'grid', 'video'] as const;
export const TICKET_TYPES = [
  'inquiry',
  'help',
  'complaint',
  'report',
  'suggestion',
  'praise',
] as const;
/** The closed loop, in order: 上报 → 立案 → 派发 → 处置 → 反馈 → 核实结案 → 评价. */
export const TICKET_STAGES = [
  'reported',
  'registered',
  'dispatched',
  'processing',
  'feedback',
  'closed',
  'rated',
] as const;
export const TICKET_RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;

export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketStage = (typeof TICKET_STAGES)[number];
export type TicketRating = (typeof TICKET_RATINGS)[number];

/** Personal data of the reporter: present only in the desktop projection, never on a wall. */
export const reporterSchema = z.object({
  name: feedText(40),
  phone: feedText(32),
  idNumber: z.nullable(feedText(32)),
});
export type Reporter = z.infer<typeof reporterSchema>;

const stageTimes = z.object({
  reported: epochMs,
  registered: z.optional(epochMs),
  dispatched: z.optional(epochMs),
  processing: z.optional(epochMs),
  feedback: z.optional(epochMs),
  closed: z.optional(epochMs),
  rated: z.optional(epochMs),
});

export const ticketSchema = z.extend(placed, {
  id: entityId,
  channel: z.enum(TICKET_CHANNELS),
  type: z.enum(TICKET_TYPES),
  /**
   * Category id from the city's classification list (e.g. `drainage`): any short id a city uses,
   * names such as `constructor` included (looked up in Maps, never as object keys).
   */
  category: catalogId,
  urgent: z.boolean(),
  title: feedText(200),
  description: feedText(2000),
  /** Department id the ticket was dispatched to, null before dispatch. */
  department: z.nullable(catalogId),
  stage: z.enum(TICKET_STAGES),
  /** When each stage was reached (epoch ms). Rework resets later stages. */
  stages: stageTimes,
  deadline: epochMs,
  reworkCount: z.int().check(z.minimum(0), z.maximum(20)),
  rating: z.nullable(z.enum(TICKET_RATINGS)),
  /** Id of an earlier ticket about the same place and category (repeat complaint). */
  repeatOf: z.nullable(entityId),
  /** Id of the detection that raised this ticket (video-AI or grid worker). */
  sourceRef: z.nullable(entityId),
  photos: z.object({ before: z.boolean(), after: z.boolean() }),
  /** Exact address: personal data, desktop projection only. */
  address: z.optional(feedText(200)),
  reporter: z.optional(reporterSchema),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const isClosedStage = (stage: TicketStage): boolean =>
  stage === 'closed' || stage === 'rated';
