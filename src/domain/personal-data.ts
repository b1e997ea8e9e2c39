import type { DisplayProfile } from '@/config/config-schema';
import type { Ticket } from './ticket';

/** 张三丰 → 张**: keeps the first character. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678; other lengths keep at most the first 3 and last 2 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** 350102199001011234 → 3501**********1234. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/**
 * What of a ticket's personal data may leave the worker: masked on a desktop, nothing at all on
 * a wall (whatever the backend sent).
 */
export function sanitizeTicket(ticket: Ticket, profile: DisplayProfile): Ticket {
  const { reporter, address, ...rest } = ticket;
  if (profile === 'wall') return rest;
  return {
    ...rest,
    ...(reporter
      ? {
          reporter: {
            name: maskName(reporter.name),
            phone: maskPhone(reporter.phone),
            idNumber: reporter.idNumber === null ? null : maskIdNumber(reporter.idNumber),
          },
        }
      : {}),
    // The exact address is personal: a desktop sees the street-level part only.
    ...(address !== undefined ? { address: maskAddress(address) } : {}),
  };
}

/** Keeps the address up to the road or community and hides everything from the first number on. */
export function maskAddress(address: string): string {
  const numbered = address.search(/[一二三四五六七八九十]+(?:号|组|栋|幢|楼|单元|室|弄)/);
  const digit = address.search(/[0-9０-９]/);
  const cuts = [numbered, digit].filter((i) => i >= 0);
  const kept = cuts.length
    ? address.slice(0, Math.min(...cuts))
    : Array.from(address).slice(0, 6).join('');
  return `${kept}***`;
}
