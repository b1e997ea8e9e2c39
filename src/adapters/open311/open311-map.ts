import type { DisplayProfile } from '@/config/config-schema';
import type { TicketChannel, TicketStage } from '@/domain/ticket';
import { placePosition, type PlaceFn } from '../common/placement';
import { clip, ID_PATTERN, mappedProblem, textOf, type Mapped } from '../common/mapped-items';
import { parseStrictTime } from '../common/strict-time';
import type { XmlElement } from '../common/xml-lite';

/** One GeoReport service request as read from JSON or XML: field name → value. */
export type Open311Record = ReadonlyMap<string, unknown>;

/**
 * The reporter's fields (GeoReport v2 POST parameters some servers echo back): never read, never
 * copied; listed so a test can prove it.
 */
export const CITIZEN_FIELDS = ['first_name', 'last_name', 'phone', 'email', 'device_id'] as const;

export interface Open311MapOptions {
  timeZone: string;
  channel: TicketChannel;
  /** Time limit when a request has no `expected_datetime`, h. */
  limitHours: number;
  profile: DisplayProfile;
  place: PlaceFn | undefined;
}

/** The records of a GeoReport JSON body: an array, or `{service_requests: [...]}`. */
export function recordsFromJson(body: unknown): Open311Record[] | null {
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null && Object.hasOwn(body, 'service_requests')
      ? (body as { service_requests: unknown }).service_requests
      : null;
  if (!Array.isArray(list)) return null;
  return list.map((entry) => {
    const record = new Map<string, unknown>();
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry))
      for (const [k, v] of Object.entries(entry)) record.set(k, v);
    return record;
  });
}

/** The records of a GeoReport XML body: `<service_requests><request>…</request>…`. */
export function recordsFromXml(root: XmlElement): Open311Record[] | null {
  if (root.name !== 'service_requests') return null;
  return root.children
    .filter((c) => c.name === 'request')
    .map((request) => {
      const record = new Map<string, unknown>();
      for (const field of request.children)
        if (field.children.length === 0) record.set(field.name, field.text);
      return record;
    });
}

/** The request's id as text, when it has one. */
export function requestId(record: Open311Record): string | null {
  const id = textOf(record.get('service_request_id'));
  return id ? id : null;
}

/** Whether a request is open (re-fetched by id until it closes). */
export const isOpenStatus = (record: Open311Record): boolean =>
  textOf(record.get('status'))?.toLowerCase() === 'open';

const HOUR = 3_600_000;

/** One GeoReport service request → a ticket candidate (validated by the ticket schema next). */
export function mapServiceRequest(record: Open311Record, options: Open311MapOptions): Mapped {
  const id = requestId(record);
  if (id === null) return mappedProblem(null, 'service_request_id', 'missing_id', 'missing');
  if (!ID_PATTERN.test(id)) return mappedProblem(id, 'id', 'invalid_format', 'not a usable id');

  const time = (field: string, required: boolean): number | null | 'bad' => {
    const raw = record.get(field);
    const text = textOf(raw);
    if (text === null || text === '') return required ? 'bad' : null;
    return parseStrictTime(text, options.timeZone) ?? 'bad';
  };
  const requested = time('requested_datetime', true);
  if (requested === 'bad' || requested === null)
    return mappedProblem(id, 'requested_datetime', 'invalid_time', 'not an ISO 8601 time');
  const updated = time('updated_datetime', false);
  if (updated === 'bad')
    return mappedProblem(id, 'updated_datetime', 'invalid_time', 'not an ISO 8601 time');
  const expected = time('expected_datetime', false);
  if (expected === 'bad')
    return mappedProblem(id, 'expected_datetime', 'invalid_time', 'not an ISO 8601 time');

  const status = textOf(record.get('status'))?.toLowerCase();
  if (status !== 'open' && status !== 'closed')
    return mappedProblem(id, 'status', 'invalid_status', 'neither open nor closed');

  let lng = record.get('long');
  let lat = record.get('lat');
  const location = record.get('location');
  if ((lng === undefined || lat === undefined) && typeof location === 'object' && location) {
    const coordinates = Object.hasOwn(location, 'coordinates')
      ? (location as { coordinates: unknown }).coordinates
      : undefined;
    if (Array.isArray(coordinates)) [lng, lat] = coordinates as unknown[];
  }
  const placed = placePosition(lng, lat, options.place);
  if (!placed.ok) return { ok: false, dropped: { id, ...placed.problem } };

  const agency = textOf(record.get('agency_responsible'));
  const serviceCode = textOf(record.get('service_code')) ?? '';
  const serviceName = textOf(record.get('service_name'));
  const address = textOf(record.get('address')) || textOf(record.get('address_string'));
  const stage: TicketStage = status === 'closed' ? 'closed' : agency ? 'dispatched' : 'registered';
  return {
    ok: true,
    item: {
      id,
      position: placed.position,
      ...placed.codes,
      channel: options.channel,
      type: 'report',
      category: serviceCode,
      urgent: false,
      title: clip(serviceName || serviceCode, 200),
      description: clip(textOf(record.get('description')) ?? '', 2000),
      department: agency && ID_PATTERN.test(agency) ? agency : null,
      stage,
      stages: {
        reported: requested,
        ...(status === 'closed' ? { closed: Math.max(requested, updated ?? requested) } : {}),
      },
      deadline: expected ?? requested + options.limitHours * HOUR,
      reworkCount: 0,
      rating: null,
      repeatOf: null,
      sourceRef: null,
      photos: { before: Boolean(textOf(record.get('media_url'))), after: false },
      ...(address && options.profile !== 'wall' ? { address: clip(address, 200) } : {}),
    },
  };
}
