// The simulator's tables in one place. The 12345 catalogue (categories, departments, time limits)
// is the city's own, as data: src/domain/ticket-catalog.ts has its schema and Fuzhou's, the
// embedded default; city-catalog.ts reads it for the simulation. The other tables live beside
// the worlds that use them and are re-exported here.
export {
  FAMILIES,
  familyOf,
  simCatalog,
  type Family,
  type SimCatalog,
  type SimCategory,
} from './city-catalog';
export {
  FUZHOU_TICKET_CATALOG,
  isDueSoon,
  isOverdue,
  type TicketCatalog,
} from '../../src/domain/ticket-catalog';
export { DETECTION_CATEGORY } from './detections';
export { SLOPE_THRESHOLDS_MM, WATERLOGGING_THRESHOLDS_CM, waterloggingLevel } from './sensors';
export { deadlineOf } from './lifecycle';
