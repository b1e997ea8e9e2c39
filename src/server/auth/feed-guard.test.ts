import { describe, expect, it } from 'vitest';
import { sanitizeTicket } from '@/domain/personal-data';
import { makeTicket } from '../../../tests/fixtures/make-ticket';
import { filterToAreas, itemInAreas, maskTicket } from './feed-guard';

const areas = ['350102'];
const mine = (id: string) => id === 'S-1';

describe('answers cut to an area', () => {
  it('keeps entries naming the area or being its items, drops the rest', () => {
    const answer = {
      area: '350100',
      series: [
        { area: '350102', values: [1] },
        { area: '350103', values: [2] },
        { area: '350102001', values: [3] },
      ],
      cameras: [
        { id: 'C-1', district: '350102', street: '350102001', community: '350102001001' },
        { id: 'C-2', district: '350103', street: '350103001', community: '350103001001' },
      ],
      items: [{ id: 'S-1' }, { id: 'S-2' }, { name: 'no place' }],
      byArea: { '350102': 1, '350103': 2, total: 3 },
      events: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    };
    expect(filterToAreas(answer, areas, mine)).toEqual({
      area: '350100',
      series: [
        { area: '350102', values: [1] },
        { area: '350102001', values: [3] },
      ],
      cameras: [{ id: 'C-1', district: '350102', street: '350102001', community: '350102001001' }],
      items: [{ id: 'S-1' }],
      byArea: { '350102': 1, total: 3 },
      events: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
  });

  it('cannot cut columns side by side: unvouchable', () => {
    const columns = {
      cells: ['a', 'b'],
      communities: ['350102001001', '350103001001'],
      counts: [1, 2],
    };
    expect(typeof filterToAreas(columns, areas, mine)).toBe('symbol');
  });

  it('places an item by all its codes down to the area', () => {
    const item = { district: '350102', street: '350103001', community: '350103001001' };
    expect(itemInAreas(item, ['350102'])).toBe(true);
    expect(itemInAreas(item, ['350103001'])).toBe(false);
    expect(itemInAreas(item, null)).toBe(true);
  });
});

describe('tickets masked on the server', () => {
  it('look the same on the page as when the page masks them itself', () => {
    const ticket = makeTicket('T-1', {
      reporter: { name: '张三丰', phone: '13812345678', idNumber: '350102199001011234' },
      address: '鼓楼区杨桥路123号4栋501室',
      title: '电话13812345678 噪音扰民',
    });
    const server = maskTicket(ticket, 'desktop') as typeof ticket;
    expect(server.reporter).toEqual({
      name: '张**',
      phone: '138****5678',
      idNumber: '3501**********1234',
    });
    expect(JSON.stringify(server)).not.toContain('13812345678');
    expect(sanitizeTicket(server, 'desktop')).toEqual(sanitizeTicket(ticket, 'desktop'));
  });

  it('hold nothing personal on a wall', () => {
    const ticket = makeTicket('T-1', {
      reporter: { name: '张三丰', phone: '13812345678', idNumber: null },
      address: '鼓楼区杨桥路123号',
    });
    const wall = maskTicket(ticket, 'wall') as Record<string, unknown>;
    expect(wall.reporter).toBeUndefined();
    expect(wall.address).toBeUndefined();
    expect(wall.title).toBe('');
    expect(wall.description).toBe('');
  });
});
