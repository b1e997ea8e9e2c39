/// <reference lib="webworker" />
// The feed worker: adapters, feed stores and views run here, off the main thread.
import { sanitizeTicket } from '@/domain/personal-data';
import { startFeedWorker } from '@/feeds/worker-host';
import { ticketViewBuilder } from '@/features/tickets/ticket-view';
import type { ViewRegistry } from '@/feeds/view-builder';
import { pointColumnsBuilder } from '@/feeds/point-columns';

const views = {
  tickets: { overview: ticketViewBuilder },
  sensors: { points: pointColumnsBuilder },
} as ViewRegistry;

startFeedWorker(self as unknown as Parameters<typeof startFeedWorker>[0], views, {
  tickets: sanitizeTicket,
});
