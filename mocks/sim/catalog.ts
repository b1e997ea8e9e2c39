// The ids and tables the simulator shares with the app: categories, departments and time limits
// live in src/domain/ticket-catalog.ts (one source); the simulator-only tables are re-exported here.
export {
  CATEGORY_DEPARTMENT,
  CATEGORY_LIMIT_WORKING_DAYS,
  CATEGORY_NAMES,
  DEPARTMENTS,
  DEPARTMENT_NAMES,
  DUE_SOON_SHARE,
  TICKET_CATEGORIES,
  TYPE_LIMIT_HOURS,
  URGENT_LIMIT_HOURS,
  isDueSoon,
  isOverdue,
  type DepartmentId,
  type TicketCategory,
} from '../../src/domain/ticket-catalog';
export { DETECTION_CATEGORY } from './detections';
export { SLOPE_THRESHOLDS_MM, WATERLOGGING_THRESHOLDS_CM, waterloggingLevel } from './sensors';
export { deadlineOf } from './lifecycle';
