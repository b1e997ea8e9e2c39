import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone, sanitizeTicket } from './personal-data';
import { ticketSchema, type Ticket } from './ticket';

const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'T-1',
    position: [119.3, 26.08],
    district: '350102',
    street: '350102001',
    community: '350102001001',
    channel: 'hotline',
    type: 'complaint',
    category: 'construction',
    urgent: true,
    title: '夜间施工噪音',
    description: '凌晨仍在施工。',
    department: 'urban_management',
    stage: 'dispatched',
    stages: { reported: T0, registered: T0 + 60_000, dispatched: T0 + 120_000 },
    deadline: T0 + 86_400_000,
    reworkCount: 1,
    rating: null,
    repeatOf: null,
    sourceRef: null,
    photos: { before: true, after: false },
    address: '鼓楼区杨桥东路18号3单元',
    reporter: { name: '张三', phone: '13812345678', idNumber: '350102199001011234' },
    ...overrides,
  };
}

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧***'],
    ['张', '张*'],
    ['  李四 ', '李*'],
    ['Alice', 'A****'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps a surrogate-pair first character whole', () => {
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+86 138 1234 5678', '861********78'],
    ['0591-87654321', '059*******21'],
    ['123456', '123*56'],
    ['1234', '****'],
    ['110', '***'],
    ['', ''],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps 7 digits of a mobile number and at most 5 of any other', () => {
    const kept = (phone: string) => maskPhone(phone).replace(/\*/g, '').length;
    expect(kept('13812345678')).toBe(7);
    for (const phone of ['059187654321', '8613812345678', '1234567', '123456'])
      expect(kept(phone)).toBeLessThanOrEqual(5);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['350102199001011234', '3501**********1234'],
    ['35010219900101123X', '3501**********123X'],
    ['350102900101123', '3501*******1123'],
    ['12345678', '********'],
    ['123', '***'],
  ])('%j → %j', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
    expect(maskIdNumber(id)).toHaveLength(id.length);
  });
});

describe('maskAddress', () => {
  it.each([
    ['鼓楼区杨桥东路18号3单元', '鼓楼区杨桥东路***'],
    ['台江区五一中路88号', '台江区五一中路***'],
    ['晋安区福新中路100号', '晋安区福新中路***'],
    ['连江县琯头镇壶江村12号', '连江县琯头镇壶江村***'],
  ])('keeps the road of %j: %j', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  const addresses = [
    '鼓楼区杨桥东路18号3单元',
    '仓山区浦上大道208号',
    '台江区达道路88号',
    '鼓楼区三坊七巷南后街1号',
    '晋安区岳峰镇竹屿村32号',
    '福州火车站北广场',
    // A landmark note after the house number must not reveal it.
    '台江区万达广场C座1808室(近江滨西大道)',
  ];

  it('never shows a house number or room', () => {
    for (const a of addresses) expect(maskAddress(a), a).not.toMatch(/\d|号|室|单元/);
  });

  it('shows only a beginning of the address, then ***', () => {
    for (const a of addresses) {
      const masked = maskAddress(a);
      expect(masked.endsWith('***'), a).toBe(true);
      const kept = masked.slice(0, -3);
      expect(a.startsWith(kept), a).toBe(true);
      expect(kept.length, a).toBeLessThan(a.length);
    }
  });
});

describe('sanitizeTicket', () => {
  it('removes reporter and address entirely on a wall', () => {
    const original = ticket();
    const clean = sanitizeTicket(original, 'wall');
    expect('reporter' in clean).toBe(false);
    expect('address' in clean).toBe(false);
    expect(Object.keys(clean).sort()).toEqual(
      Object.keys(original)
        .filter((k) => k !== 'reporter' && k !== 'address')
        .sort(),
    );
    const { reporter: _r, address: _a, ...rest } = original;
    expect(clean).toEqual(rest);
    expect(JSON.stringify(clean)).not.toMatch(/张三|13812345678|杨桥东路/);
    expect(ticketSchema.safeParse(clean).success).toBe(true);
  });

  it('masks reporter and address on a desktop', () => {
    const clean = sanitizeTicket(ticket(), 'desktop');
    expect(clean.reporter).toEqual({
      name: '张*',
      phone: '138****5678',
      idNumber: '3501**********1234',
    });
    expect(clean.address).toBe('鼓楼区杨桥东路***');
    expect(clean.title).toBe('夜间施工噪音');
    expect(JSON.stringify(clean)).not.toMatch(/张三|12345678|199001011234|18号/);
    expect(ticketSchema.safeParse(clean).success).toBe(true);
  });

  it('keeps a missing id number null and adds no fields the ticket lacked', () => {
    const withNullId = sanitizeTicket(
      ticket({ reporter: { name: '王五', phone: '13900001111', idNumber: null } }),
      'desktop',
    );
    expect(withNullId.reporter?.idNumber).toBeNull();

    const { reporter: _r, address: _a, ...bare } = ticket();
    const clean = sanitizeTicket(bare, 'desktop');
    expect('reporter' in clean).toBe(false);
    expect('address' in clean).toBe(false);
    expect(clean).toEqual(bare);
  });

  it('does not modify the ticket it is given', () => {
    const original = ticket();
    const copy = structuredClone(original);
    sanitizeTicket(original, 'desktop');
    sanitizeTicket(original, 'wall');
    expect(original).toEqual(copy);
  });
});
