import { describe, expect, it } from 'vitest';
import { ADAPTER_KINDS } from './adapter-kinds';
import { adapterKinds } from './registry';

describe('adapter registry', () => {
  it('lists the same kinds the page checks configs against', () => {
    expect([...adapterKinds()].sort()).toEqual([...ADAPTER_KINDS].sort());
  });
});
