import { describe, expect, it } from 'vitest';
import { ngsiLdOptionsSchema } from '../ngsi-ld/ngsi-ld-options';
import { open311OptionsSchema } from '../open311/open311-options';
import { parseFeedOptions, splitBaseUrl } from './feed-options';

describe('parseFeedOptions', () => {
  it('reads options from the options object, JSON numbers and booleans included', () => {
    const parsed = parseFeedOptions('', open311OptionsSchema, {
      format: 'xml',
      lookbackDays: 60,
      updatedAfter: true,
    });
    expect(parsed).toMatchObject({
      ok: true,
      options: { format: 'xml', lookbackDays: 60, updatedAfter: true, windowDays: 90 },
    });
  });

  it('joins the fragment and the object', () => {
    const parsed = parseFeedOptions('limit=200', ngsiLdOptionsSchema, { format: 'keyValues' });
    expect(parsed).toMatchObject({ ok: true, options: { limit: 200, format: 'keyValues' } });
  });

  it('refuses an option written in both places, naming the object’s field', () => {
    expect(parseFeedOptions('limit=200', ngsiLdOptionsSchema, { limit: 300 })).toMatchObject({
      ok: false,
      field: 'options.limit',
      message: expect.stringMatching(/^options\.limit: also given after #/),
    });
  });

  it('names where a wrong option was written', () => {
    expect(parseFeedOptions('', ngsiLdOptionsSchema, { limit: 5000 })).toMatchObject({
      ok: false,
      field: 'options.limit',
      message: expect.stringMatching(/^options\.limit: /),
    });
    expect(parseFeedOptions('limit=5000', ngsiLdOptionsSchema)).toMatchObject({
      ok: false,
      field: 'baseUrl',
      message: expect.stringMatching(/^baseUrl option #limit: /),
      reason: expect.stringMatching(/^#limit: /),
    });
    // An unknown option, including one named like a property of every JavaScript object.
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'limitt']) {
      expect(parseFeedOptions('', ngsiLdOptionsSchema, { [key]: 1 })).toMatchObject({
        ok: false,
        field: `options.${key}`,
        reason: 'not an option of this adapter',
      });
    }
  });

  it('does not let a boolean stand for text or a number for a choice it is not', () => {
    expect(parseFeedOptions('', open311OptionsSchema, { format: true }).ok).toBe(false);
    expect(parseFeedOptions('', open311OptionsSchema, { lookbackDays: 1.5 }).ok).toBe(false);
  });
});

describe('splitBaseUrl', () => {
  it('keeps the fragment away from the URL sent to the server', () => {
    const { base, fragment } = splitBaseUrl('/broker/ngsi-ld/v1#limit=5', 'https://city.test');
    expect(base.href).toBe('https://city.test/broker/ngsi-ld/v1/');
    expect(fragment).toBe('limit=5');
  });
});
