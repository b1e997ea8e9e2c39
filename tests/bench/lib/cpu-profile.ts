// Where a V8 CPU profile's time went, by function: self time (samples in the function itself) and
// total time (samples with the function anywhere on the stack, counted once per sample).
import { findSourceMap } from 'node:module';

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** ms by function (`name file:line`). */
export type Times = Map<string, number>;

/**
 * The source line (1-based) of a position in a loaded script, when its source map is known
 * (`node --enable-source-maps`; tsx writes each module on one line).
 */
export function sourceLine(url: string, line: number, column: number): number | null {
  if (!url.startsWith('file://')) return null;
  const entry = findSourceMap(url)?.findEntry(line, column) as
    { originalLine?: number } | undefined;
  return entry?.originalLine === undefined ? null : entry.originalLine + 1;
}

export function profileTimes(profile: CpuProfile, root: string): { self: Times; total: Times } {
  const parent = new Map<number, number>();
  const label = new Map<number, string>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(root, '');
    const line = sourceLine(url, lineNumber, columnNumber) ?? lineNumber + 1;
    label.set(
      node.id,
      file ? `${functionName || '(anonymous)'} ${file}:${line}` : functionName || '(root)',
    );
  }
  const self: Times = new Map();
  const total: Times = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    // A sample's time is the gap to the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = samples[i]!;
    const own = label.get(id)!;
    self.set(own, (self.get(own) ?? 0) + ms);
    const seen = new Set<string>();
    while (id !== undefined) {
      const name = label.get(id)!;
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
  return { self, total };
}

export function addTimes(into: Times, from: Times): void {
  for (const [name, ms] of from) into.set(name, (into.get(name) ?? 0) + ms);
}

/** The `count` largest per run, as lines `  123.4 ms  name file:line`; names matching `skip` left out. */
export function topTimes(times: Times, count: number, runs: number, skip?: RegExp): string[] {
  return [...times]
    .filter(([name]) => !skip?.test(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${(ms / runs).toFixed(1).padStart(8)} ms  ${name}`);
}
