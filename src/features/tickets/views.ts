import { viewRef } from '@/feeds/view-ref';

/** The tickets screen's view of an area (worker `ticket-view.ts`, page `ticket-queries.ts`). */
export const TICKETS_OVERVIEW = viewRef({ id: 'tickets.overview', feeds: ['tickets'] });
/** The overview's tile and map layer. */
export const TICKETS_SUMMARY = viewRef({ id: 'tickets.summary', feeds: ['tickets'] });
