/** Formatting helpers: tabular figures, explicit units, no fake precision. */

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(Math.round(n));
}

export function formatPercent(rate: number | null, locale: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function formatHours(hours: number | null, locale: string): string {
  if (hours === null) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours);
}

export type DurationUnit = 's' | 'm' | 'h' | 'd';

/** A duration as its largest sensible unit, e.g. 90 min → 1.5 h. */
export function splitDuration(ms: number): { n: string; unit: DurationUnit } {
  const s = Math.abs(ms) / 1000;
  if (s < 60) return { n: String(Math.floor(s)), unit: 's' };
  if (s < 3600) return { n: String(Math.floor(s / 60)), unit: 'm' };
  if (s < 86400 * 2) return { n: (s / 3600).toFixed(s < 36000 ? 1 : 0), unit: 'h' };
  return { n: (s / 86400).toFixed(1), unit: 'd' };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(locale: string, timeZone: string, kind: 'hm' | 'hms' | 'mdhm' | 'ymdw') {
  const key = `${locale}|${timeZone}|${kind}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'ymdw'
        ? { year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', timeZone }
        : {
            ...(kind === 'mdhm' ? { month: '2-digit', day: '2-digit' } : {}),
            hour: '2-digit',
            minute: '2-digit',
            ...(kind === 'hms' ? { second: '2-digit' } : {}),
            hourCycle: 'h23',
            timeZone,
          };
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** 09:33 (or 09:33:05) in the city's time zone. */
export function formatClock(
  t: number,
  locale: string,
  withSeconds = false,
  timeZone = 'Asia/Shanghai',
): string {
  return formatOf(locale, timeZone, withSeconds ? 'hms' : 'hm').format(t);
}

/** 12/02 09:33 in the city's time zone. */
export function formatDateTime(t: number, locale: string, timeZone = 'Asia/Shanghai'): string {
  return formatOf(locale, timeZone, 'mdhm').format(t);
}

/** 2026/12/02 周三 in the city's time zone. */
export function formatDate(t: number, locale: string, timeZone = 'Asia/Shanghai'): string {
  return formatOf(locale, timeZone, 'ymdw').format(t);
}
