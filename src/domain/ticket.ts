import { z } from 'zod';
import { entityId, epochMs, feedText, placed } from './common';

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
  idNumber: feedText(32).nullable(),
});
export type Reporter = z.infer<typeof reporterSchema>;

const stageTimes = z.object({
  reported: epochMs,
  registered: epochMs.optional(),
  dispatched: epochMs.optional(),
  processing: epochMs.optional(),
  feedback: epochMs.optional(),
  closed: epochMs.optional(),
  rated: epochMs.optional(),
});

export const ticketSchema = placed.extend({
  id: entityId,
  channel: z.enum(TICKET_CHANNELS),
  type: z.enum(TICKET_TYPES),
  /** Category id from the city's classification list (e.g. `drainage`). */
  category: z.string().regex(/^[a-z_]{1,32}$/),
  urgent: z.boolean(),
  title: feedText(200),
  description: feedText(2000),
  /** Department id the ticket was dispatched to, null before dispatch. */
  department: z
    .string()
    .regex(/^[a-z_]{1,32}$/)
    .nullable(),
  stage: z.enum(TICKET_STAGES),
  /** When each stage was reached (epoch ms). Rework resets later stages. */
  stages: stageTimes,
  deadline: epochMs,
  reworkCount: z.number().int().min(0).max(20),
  rating: z.enum(TICKET_RATINGS).nullable(),
  /** Id of an earlier ticket about the same place and category (repeat complaint). */
  repeatOf: entityId.nullable(),
  /** Id of the detection that raised this ticket (video-AI or grid worker). */
  sourceRef: entityId.nullable(),
  photos: z.object({ before: z.boolean(), after: z.boolean() }),
  /** Exact address: personal data, desktop projection only. */
  address: feedText(200).optional(),
  reporter: reporterSchema.optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const isClosedStage = (stage: TicketStage): boolean =>
  stage === 'closed' || stage === 'rated';
