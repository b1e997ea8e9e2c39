/** What the demo control in the header can do (implemented over the simulated city in demo builds). */
export interface DemoHandle {
  speed(): number;
  setSpeed(speed: number): void;
  /** Sim time now, epoch ms. */
  now(): number;
  /** The simulated city's clock, which is the city clock in demo mode. */
  readonly clock: { now(): number; readonly speed: number; readonly paused: boolean };
  trigger(
    kind: 'rainstorm' | 'pollution' | 'signal-faults' | 'hotspot-surge' | 'crash',
    district: string,
  ): void;
  /** Make a feed fail (`down`) or recover (`null`) — used by demo viewers and end-to-end tests. */
  setFault(feed: string, fault: { kind: string; [k: string]: unknown } | null): void;
}
