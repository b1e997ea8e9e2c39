/**
 * Names an object may already have (`__proto__`, `constructor`, `toString` …). Libraries keep
 * caches keyed by label text in plain objects (zrender measures text that way): a label spelled
 * like one of these reads or writes the prototype instead, and the chart, the map or the page
 * breaks. Feed text that becomes a label passes through `safeLabel` first.
 */
const RESERVED = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  '__proto__',
  'prototype',
]);

/** The text as shown, never equal to a property name objects have (a word joiner is appended). */
export const safeLabel = (text: string): string => (RESERVED.has(text) ? `${text}\u2060` : text);

/** Whether a string is a name every object already has. */
export const isReservedName = (text: string): boolean => RESERVED.has(text);
