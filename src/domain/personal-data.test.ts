import { describe, expect, it } from 'vitest';
import { maskFreeText } from './free-text-pii';
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
    ['+86 138 1234 5678', '138****5678'],
    ['008613812345678', '138****5678'],
    ['１３８１２３４５６７８', '138****5678'],
    ['0591-87654321', '05********21'],
    ['87654321', '******21'],
    ['1234567', '*****67'],
    ['123456', '******'],
    ['12345', '*****'],
    ['1234', '****'],
    ['110', '***'],
    ['', ''],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps 7 digits of a mobile number and at most a third of any other, none of 6 or fewer', () => {
    const kept = (phone: string) => maskPhone(phone).replace(/\*/g, '').length;
    expect(kept('13812345678')).toBe(7);
    const digits = '05918765432109876543';
    for (let n = 1; n <= digits.length; n += 1) {
      const phone = digits.slice(0, n);
      expect(maskPhone(phone), phone).toHaveLength(n);
      expect(kept(phone), phone).toBe(n <= 6 ? 0 : Math.floor(n / 3));
    }
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['350102199001011234', '3501**********1234'],
    ['35010219900101123X', '3501**********123X'],
    ['350102900101123', '3501*******1123'],
    ['E12345678', 'E******78'],
    ['12345678', '******78'],
    ['123456', '******'],
    ['123', '***'],
    ['', ''],
  ])('%j → %j', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
    expect(maskIdNumber(id)).toHaveLength(id.length);
  });

  it('shows at most a third of a value of another length than 15 or 18', () => {
    const id = '3501021990010112345678';
    for (let n = 1; n <= id.length; n += 1) {
      if (n === 15 || n === 18) continue;
      const visible = maskIdNumber(id.slice(0, n)).replace(/\*/g, '').length;
      expect(visible, String(n)).toBeLessThanOrEqual(Math.floor(n / 3));
      if (n <= 6) expect(visible).toBe(0);
    }
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

describe('maskFreeText', () => {
  // Every class of personal data, alone and inside a sentence.
  it.each([
    // Mobile numbers: plain, grouped, with a country prefix, full-width.
    ['13800001234', '138****1234'],
    ['联系电话13800001234', '联系电话138****1234'],
    ['手机号码为13800001234。', '手机号码为138****1234。'],
    ['138 0000 1234', '138 **** 1234'],
    ['138-0000-1234', '138-****-1234'],
    ['1380000-1234', '138****-1234'],
    ['+86 138 0000 1234', '+86 138 **** 1234'],
    ['+8613800001234', '+86138****1234'],
    ['0086-138-0000-1234', '0086-138-****-1234'],
    ['8613800001234', '86138****1234'],
    ['１３８００００１２３４', '１３８****１２３４'],
    ['电话：１３８－００００－１２３４', '电话：１３８－****－１２３４'],
    ['1380000\u200b1234', '138****\u200b1234'],
    ['13800001234、13900005678', '138****1234、139****5678'],
    ['ID350102190001011234', 'ID3501**********1234'],
    ['my number is13800001234', 'my number is138****1234'],
    ['12345 13800001234', '12345 138****1234'],
    // Landlines: with an area code anywhere, 7–8 digits after a cue.
    ['0591-87654321', '05**-******21'],
    ['(0591)87654321', '(05**)******21'],
    ['（0591）8765-4321', '（05**）****-**21'],
    ['0591 8765 4321', '05** **** **21'],
    ['010-12345678', '0**-******78'],
    ['座机87654321', '座机******21'],
    ['电话：8765432', '电话：*****32'],
    ['我的电话是87654321', '我的电话是******21'],
    ['联系方式 87654321', '联系方式 ******21'],
    ['tel: 87654321', 'tel: ******21'],
    ['Tel-87654321', 'Tel-******21'],
    ['Phone 87654321', 'Phone ******21'],
    ['联系电话：0591-87654321转8001', '联系电话：05**-******21转8001'],
    // ID numbers: 18 (X or x), grouped, 15 digits, after a cue.
    ['350102190001011234', '3501**********1234'],
    ['身份证350102190001011234', '身份证3501**********1234'],
    ['身份证号：35010219000101123X', '身份证号：3501**********123X'],
    ['35010219000101123x', '3501**********123x'],
    ['350102 19000101 1234', '3501** ******** 1234'],
    ['3501 0219 0001 0112 34', '3501 **** **** **12 34'],
    ['350102900101123', '3501*******1123'],
    ['身份证350102199013451234', '身份证3501**********1234'],
    ['３５０１０２１９０００１０１１２３４', '３５０１**********１２３４'],
    ['证件号G12345678', '证件号G12******'],
    ['护照：E12345678', '护照：E12******'],
    // Bank cards.
    ['6222021234567890', '6222********7890'],
    ['6222 0212 3456 7890', '6222 **** **** 7890'],
    ['6222 0212 3456 7890 123', '6222 **** **** ***0 123'],
    ['银行卡号 6222 0212 3456', '银行卡号 6222 **** 3456'],
    ['账号1234567890', '账号1*******90'],
    // E-mail.
    ['lin.test@example.com', 'li******@example.com'],
    ['邮箱：lin_test01@example.com。', '邮箱：lin*******@example.com。'],
    ['13800001234@qq.com', '138********@qq.com'],
    ['ab@example.com', '**@example.com'],
    // Licence plates.
    ['闽A12345', '闽A****5'],
    ['车牌闽A·D12345违停', '车牌闽A·****45违停'],
    ['闽AD12345', '闽A****45'],
    ['闽a12345', '闽a****5'],
    ['粤B1234学', '粤B****学'],
    // QQ and WeChat.
    ['QQ12345678', 'QQ******78'],
    ['QQ号：123456', 'QQ号：******'],
    ['qq 2345678901', 'qq 2*******01'],
    ['微信 lin_test01', '微信 lin*******'],
    ['微信号：wxid_abc123', '微信号：wxi********'],
    ['加我微信13800001234', '加我微信138****1234'],
    ['vx:lintest', 'vx:li*****'],
    ['WeChat: lin_test01', 'WeChat: lin*******'],
    // Names after a cue; honorifics without a given name stay.
    ['我叫张三丰', '我叫张**'],
    ['我叫林测试，', '我叫林**，'],
    ['我叫 王五', '我叫 王*'],
    ['我的名字是李四', '我的名字是李*'],
    ['姓名：张三 电话：13800001234', '姓名：张* 电话：138****1234'],
    ['本人王五反映', '本人王*反映'],
    ['本人是陈测试', '本人是陈**'],
    ['联系人：欧阳娜娜', '联系人：欧***'],
    ['报告人林示例', '报告人林**'],
    ['我叫张三先生', '我叫张*先生'],
    ['我叫𠮷野家住鼓楼', '我叫𠮷**住鼓楼'],
    ['My name is John Smith.', 'My name is J*** S****.'],
    ['name: Li Lei', 'name: L* L**'],
    ['Name: Ann McDonald', 'Name: A** M*******'],
    ["My name is John O'Neil", "My name is J*** O'****"],
    // House, building, unit, floor and room numbers; the road stays.
    ['五四路123号', '五四路***号'],
    ['五四路123号附近路灯不亮', '五四路***号附近路灯不亮'],
    ['3号楼2单元301室', '*号楼*单元***室'],
    ['家住五四路123号3单元502室', '家住五四路***号*单元***室'],
    ['家住五四路18号502', '家住五四路**号***'],
    ['3栋502', '*栋***'],
    ['5楼502室', '*楼***室'],
    ['3-502室', '*-***室'],
    ['三单元五〇二室', '*单元***室'],
    ['安泰河88弄', '安泰河**弄'],
  ])('%j → %j', (text, masked) => {
    expect(maskFreeText(text)).toBe(masked);
  });

  it.each([
    // The hotline and other short numbers.
    '拨打12345热线',
    '12345热线',
    '市民通过12345微信小程序反映：',
    '电话12345',
    '报警电话110',
    '工单号123456',
    '邮编350001',
    // Dates and times, years, durations, counts, measures, percentages, amounts.
    '2026年12月2日',
    '2026年12月2号上午',
    '12月2号',
    '本月2号',
    '12/02 09:33',
    '09:33',
    '2026-12-02 09:33',
    '联系时间：2026-12-02',
    '3天',
    '已经3天了，200米范围内有5辆车',
    '积水约35厘米',
    '距离路口200米',
    '增长35%',
    '12.5%',
    '罚款1500000元',
    '13800001234元',
    '2026',
    // Ids and codes.
    'T-2612020930-0033',
    '工单T-2612020930-0033已办结',
    'A12345',
    'SN_0591876543',
    'lin_test01',
    // Places, names without a cue, honorific forms.
    '津泰路与屏西路交叉口',
    '地铁1号线2号口',
    '第十三单元',
    '张先生反映',
    '联系人张先生',
    '联系人王师傅',
    '本人李阿姨',
    '联系人电话未留',
    '本人和家人',
    '报告人称',
    'name is not known',
    // Numbers that are none of the kinds above.
    'IP 192.168.1.100',
    '坐标119.3123456, 26.0812345',
    '12345678901234567890123',
    '400-800-1234',
    '',
    '路灯不亮',
  ])('keeps %j', (text) => {
    expect(maskFreeText(text)).toBe(text);
  });

  it('masks a house number but keeps a distance after it', () => {
    expect(maskFreeText('距离3号楼200米')).toBe('距离*号楼200米');
  });

  it('masks every kind in one citizen text and keeps the rest of it', () => {
    const text =
      '市民来电反映：我叫林测试，家住五四路123号3单元502室，2026年12月2日09:33起楼道积水已3天，' +
      '拨打12345热线多次。联系电话13800001234，座机0591-87654321，身份证350102190001011234，' +
      '微信 lin_test01，邮箱 lin.test@example.com，车牌闽A·D12345。工单T-2612020930-0033。';
    expect(maskFreeText(text)).toBe(
      '市民来电反映：我叫林**，家住五四路***号*单元***室，2026年12月2日09:33起楼道积水已3天，' +
        '拨打12345热线多次。联系电话138****1234，座机05**-******21，身份证3501**********1234，' +
        '微信 lin*******，邮箱 li******@example.com，车牌闽A·****45。工单T-2612020930-0033。',
    );
  });

  it('returns the very same string when there is nothing to mask', () => {
    const text = '夜间施工噪音，凌晨仍在施工。';
    expect(maskFreeText(text)).toBe(text);
  });

  const samples = [
    '联系电话13800001234，我叫林测试，身份证350102190001011234，家住五四路123号3单元502室',
    '+86 138 0000 1234 / 0591 8765 4321 / (0591)87654321 / 座机87654321',
    '6222 0212 3456 7890 lin.test@example.com 闽A·D12345 QQ12345678 微信 lin_test01',
    '１３８００００１２３４ ３５０１０２１９０００１０１１２３４',
    '本人王五 联系人：欧阳娜娜 My name is John Smith 护照E12345678',
    '12345热线 2026-12-02 09:33 T-2612020930-0033 3天 200米 35% 1500元',
  ];

  it('is idempotent: masking twice is masking once', () => {
    for (const text of samples) {
      const once = maskFreeText(text);
      expect(maskFreeText(once), text).toBe(once);
    }
  });

  it('never makes a text longer', () => {
    for (const text of samples) expect(maskFreeText(text).length).toBeLessThanOrEqual(text.length);
  });

  // Strings from a feed are untrusted: none of these may throw, hang or leak.
  const hostile: [string, string][] = [
    ['2,000 digits', '1'.repeat(2000)],
    ['2,000 digits with spaces', '1 '.repeat(1000)],
    ['2,000 digits with dashes', '1-'.repeat(1000)],
    ['2,000 full-width digits', '１'.repeat(2000)],
    ['digits and invisible separators', '1 \u200b'.repeat(666)],
    ['mobiles back to back', '13800001234 '.repeat(166)],
    ['digits and letters', '1a'.repeat(1000)],
    ['dotted digits', '1.'.repeat(1000)],
    ['at signs', 'a@'.repeat(1000)],
    ['almost an e-mail', 'a.'.repeat(999) + '@'],
    ['a long local part', 'a'.repeat(1990) + '@example.com'],
    ['cues without numbers', '电话'.repeat(1000)],
    ['name cues', '我叫'.repeat(1000)],
    ['Han characters', '张'.repeat(2000)],
    ['plus signs', '+1 '.repeat(666)],
    ['brackets', '(0591)'.repeat(333)],
    ['X after digits', '1X'.repeat(1000)],
    ['underscores', 'a_'.repeat(1000)],
    ['a WeChat cue and a long id', '微信 ' + 'a'.repeat(1995)],
    ['a name cue and a long word', 'Name: A' + 'a'.repeat(1990) + 'B'],
    ['Chinese numerals', '三'.repeat(1999) + '室'],
    ['plate prefixes', '闽A'.repeat(1000)],
    ['control characters', '\u0000\u0007\u001b[31m13800001234\u0000'],
    ['bidi controls', '\u202e13800001234\u202c\u2066350102190001011234\u2069'],
    ['emoji', '📞13800001234👍🏽👨‍👩‍👧'],
    ['lone surrogates', '\ud800我叫\udc00张三13800001234\ud83d'],
    ['prototype keys', '__proto__ constructor toString hasOwnProperty'],
    ['markup', '<script>alert(1)</script>{a|x}{@title}{c}javascript:alert(1)'],
  ];

  it.each(hostile)('survives %s', (_, text) => {
    const masked = maskFreeText(text);
    expect(typeof masked).toBe('string');
    expect(masked.length).toBeLessThanOrEqual(text.length);
    expect(masked).not.toMatch(/1[3-9]\d{9}/);
    expect(maskFreeText(masked)).toBe(masked);
  });

  it('masks through control, bidi and emoji characters around a number', () => {
    expect(maskFreeText('\u202e13800001234\u202c')).toBe('\u202e138****1234\u202c');
    expect(maskFreeText('📞13800001234👍')).toBe('📞138****1234👍');
  });

  it('masks 10,000 typical descriptions (a sanity run: no timing goal here)', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) =>
      i % 33 === 0
        ? `市民来电反映：五四路${i % 300}号附近路灯不亮。联系电话1380000${String(i).padStart(4, '0')}。`
        : `市民来电反映：五四路${i % 300}号附近路灯已连续多晚不亮，夜间出行不便，存在安全隐患。`,
    );
    const masked = texts.map(maskFreeText);
    expect(masked.filter((t) => /1[3-9]\d{9}|路\d+号/.test(t))).toEqual([]);
  });
});

describe('sanitizeTicket', () => {
  const typed = {
    title: '五四路123号路灯不亮，电话13800001234',
    description:
      '我叫张三丰，身份证350102199001011234，家住五四路123号3单元502室，微信 zhang_sf01，拨打12345热线。',
  };

  it('removes reporter, address and the citizen text on a wall', () => {
    const original = ticket(typed);
    const clean = sanitizeTicket(original, 'wall');
    expect('reporter' in clean).toBe(false);
    expect('address' in clean).toBe(false);
    expect(clean.title).toBe('');
    expect(clean.description).toBe('');
    expect(Object.keys(clean).sort()).toEqual(
      Object.keys(original)
        .filter((k) => k !== 'reporter' && k !== 'address')
        .sort(),
    );
    const { reporter: _r, address: _a, ...rest } = original;
    expect(clean).toEqual({ ...rest, title: '', description: '' });
    expect(structuredClone(clean)).toEqual({ ...rest, title: '', description: '' });
    expect(JSON.stringify(clean)).not.toMatch(/张三|13800001234|13812345678|杨桥东路|五四路|zhang/);
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
    expect(clean.description).toBe('凌晨仍在施工。');
    expect(JSON.stringify(clean)).not.toMatch(/张三|12345678|199001011234|18号/);
    expect(ticketSchema.safeParse(clean).success).toBe(true);
  });

  it('masks personal data typed into the title and description on a desktop', () => {
    const clean = sanitizeTicket(ticket(typed), 'desktop');
    expect(clean.title).toBe('五四路***号路灯不亮，电话138****1234');
    expect(clean.description).toBe(
      '我叫张**，身份证3501**********1234，家住五四路***号*单元***室，微信 zha*******，拨打12345热线。',
    );
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
    expect(clean.reporter).toBeUndefined();
    expect(clean.address).toBeUndefined();
    expect(clean).toEqual(bare);
  });

  it('gives every ticket the same fields in the same order, whatever the backend left out', () => {
    const { reporter: _r, address: _a, ...bare } = ticket();
    const progressed = ticket({
      stage: 'closed',
      stages: { reported: 1, registered: 2, dispatched: 3, processing: 4, feedback: 5, closed: 6 },
    });
    // A backend may send the fields in any order.
    const shuffled = Object.fromEntries(Object.entries(ticket()).reverse()) as Ticket;
    for (const profile of ['desktop', 'wall'] as const) {
      const shapes = [bare, progressed, shuffled, ticket()].map((t) => {
        const clean = sanitizeTicket(t, profile);
        return `${Object.keys(clean).join()}|${Object.keys(clean.stages).join()}`;
      });
      expect(new Set(shapes).size).toBe(1);
      expect(shapes[0]).toContain(
        '|reported,registered,dispatched,processing,feedback,closed,rated',
      );
    }
  });

  it('does not modify the ticket it is given', () => {
    const original = ticket(typed);
    const copy = structuredClone(original);
    sanitizeTicket(original, 'desktop');
    sanitizeTicket(original, 'wall');
    expect(original).toEqual(copy);
  });

  it('gives equal results for equal tickets (it keeps no state)', () => {
    const original = ticket(typed);
    expect(sanitizeTicket(structuredClone(original), 'desktop')).toEqual(
      sanitizeTicket(original, 'desktop'),
    );
    expect(sanitizeTicket(original, 'wall')).not.toEqual(sanitizeTicket(original, 'desktop'));
  });
});
