import { describe, expect, it } from 'vitest';
import { parseFaultList } from './faults';

describe('parseFaultList', () => {
  it('reads the URL and CLI fault syntax with defaults', () => {
    expect(
      parseFaultList(
        'tickets:down, sensors:slow:3000,all:invalid,signals:skew:-60000,detections:empty',
      ),
    ).toEqual([
      { target: 'tickets', fault: { kind: 'down' } },
      { target: 'sensors', fault: { kind: 'slow', ms: 3000 } },
      { target: 'all', fault: { kind: 'invalid', percent: 20 } },
      { target: 'signals', fault: { kind: 'skew', ms: -60000 } },
      { target: 'detections', fault: { kind: 'empty' } },
    ]);
    expect(parseFaultList('')).toEqual([]);
  });

  it('names the bad entry', () => {
    expect(() => parseFaultList('tickets:down,parking:down')).toThrow(
      /"parking:down".*unknown feed/,
    );
    expect(() => parseFaultList('tickets:melt')).toThrow(/unknown kind "melt"/);
    expect(() => parseFaultList('tickets:slow:soon')).toThrow(/not a number/);
    expect(() => parseFaultList('tickets:invalid:150')).toThrow(/tickets:invalid:150/);
    expect(() => parseFaultList('tickets:down:5')).toThrow(/takes no number/);
  });
});
