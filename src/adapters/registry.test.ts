import { describe, expect, it } from 'vitest';
import { ADAPTER_KINDS } from './adapter-kinds';
import { adapterKinds, adapterRegistry } from './registry';

describe('adapter registry', () => {
  it('lists the same kinds the page checks configs against', () => {
    expect([...adapterKinds()].sort()).toEqual([...ADAPTER_KINDS].sort());
  });

  it('names nothing for the names of Object.prototype', () => {
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(adapterRegistry[kind]).toBeUndefined();
  });
});
