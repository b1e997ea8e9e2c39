// The audit trail: one JSON line per event, appended to a file the server never rewrites. Every
// view of personal data is written here before the data leaves the server (a failed write means
// no data); sign-ins, sign-outs, device enrolments, alarm acknowledgements and wall carousel
// control are recorded too. Listed and exported (JSON, CSV) for the `audit` role.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Principal } from './principal';

export type AuditAction =
  | 'pii.view'
  | 'pii.denied'
  | 'auth.login'
  | 'auth.logout'
  | 'device.enrol'
  | 'alarm.ack'
  | 'carousel.control';

export interface AuditEntry {
  /** Epoch ms on the server's clock. */
  at: number;
  action: AuditAction;
  who: { kind: Principal['kind']; id: string; name: string };
  /** The client's address (the reverse proxy's X-Forwarded-For when trusted). */
  client: string;
  /** What the action was about: a ticket id, an alarm key, a carousel action. */
  target?: string;
  reason?: string;
  /** Fields returned (pii.view), or other detail. */
  detail?: string;
}

export interface AuditLog {
  file: string;
  /** Appends one entry; resolves once it is written (rejects if it could not be). */
  write(entry: AuditEntry): Promise<void>;
  /** Entries with `from ≤ at < to` (and the action, if given), oldest first, at most `limit`. */
  list(query: {
    from: number;
    to: number;
    action?: string;
    limit: number;
  }): Promise<{ entries: AuditEntry[]; truncated: boolean }>;
}

export function auditLog(file: string): AuditLog {
  // Appends are chained so that entries land in the order they were made.
  let tail: Promise<void> = mkdir(dirname(file), { recursive: true }).then(() => undefined);
  return {
    file,
    write(entry) {
      const line = `${JSON.stringify(entry)}\n`;
      const written = tail.then(() => appendFile(file, line, { mode: 0o600, flag: 'a' }));
      tail = written.catch(() => undefined);
      return written;
    },
    async list({ from, to, action, limit }) {
      const entries: AuditEntry[] = [];
      let truncated = false;
      await tail;
      let stream;
      try {
        stream = createReadStream(file, { encoding: 'utf8' });
        await new Promise<void>((done, fail) => {
          stream!.once('open', () => done());
          stream!.once('error', fail);
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries, truncated };
        throw error;
      }
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        if (!line) continue;
        let entry: AuditEntry;
        try {
          entry = JSON.parse(line) as AuditEntry;
        } catch {
          continue;
        }
        if (entry.at < from || entry.at >= to || (action && entry.action !== action)) continue;
        entries.push(entry);
        // The newest `limit` are kept (trimmed now and then, not on every line).
        if (entries.length >= 2 * limit) {
          truncated = true;
          entries.splice(0, entries.length - limit);
        }
      }
      if (entries.length > limit) {
        truncated = true;
        entries.splice(0, entries.length - limit);
      }
      return { entries, truncated };
    },
  };
}

const CSV_COLUMNS = [
  'time',
  'action',
  'kind',
  'who',
  'name',
  'client',
  'target',
  'reason',
  'detail',
];

/** A CSV cell: quoted when needed; a leading = + - @ is defused (spreadsheet formulas). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The entries as CSV (RFC 4180, a UTF-8 BOM so that spreadsheet programs read Chinese). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) =>
    [
      new Date(e.at).toISOString(),
      e.action,
      e.who.kind,
      e.who.id,
      e.who.name,
      e.client,
      e.target ?? '',
      e.reason ?? '',
      e.detail ?? '',
    ]
      .map(cell)
      .join(','),
  );
  return `\ufeff${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
