import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  feedOrigins,
  securityHeaders,
  summariseCspReport,
} from './security-headers.mjs';

describe('security headers', () => {
  it('adds only origins to connect-src, once each', () => {
    const csp = contentSecurityPolicy({
      connectSrc: ['https://iot.city.example/v1/', 'https://iot.city.example', 'http://x:81/a'],
    });
    expect(csp).toContain("connect-src 'self' https://iot.city.example http://x:81;");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
  });

  it('refuses anything that would add a source or a directive', () => {
    for (const bad of [
      "https://a.example 'unsafe-eval'",
      'https://a.example; script-src *',
      '*',
      'data:',
    ]) {
      expect(() => contentSecurityPolicy({ connectSrc: [bad] }), bad).toThrow(
        /not an http\(s\) origin/,
      );
    }
    expect(() => contentSecurityPolicy({ reportUri: '/r; script-src *' })).toThrow(/report-uri/);
  });

  it('leaves the policy out for the dev server only', () => {
    expect(Object.keys(securityHeaders({ csp: false }))).toEqual([
      'X-Content-Type-Options',
      'Referrer-Policy',
      'Permissions-Policy',
      'Cross-Origin-Opener-Policy',
    ]);
    expect(securityHeaders()['Content-Security-Policy']).toMatch(
      /^default-src 'self'; script-src 'self';/,
    );
  });

  it('finds the origins of feeds fetched directly, ignoring same-origin ones and junk', () => {
    expect(
      feedOrigins({
        feeds: {
          tickets: { baseUrl: '/api/v1' },
          sensors: { baseUrl: 'https://iot.city.example/v1' },
          signals: { baseUrl: 'javascript:alert(1)' },
          detections: null,
        },
      }),
    ).toEqual(['https://iot.city.example']);
    expect(
      feedOrigins({ feeds: {}, alarms: { ackBaseUrl: 'https://acks.city.example/api' } }),
    ).toEqual(['https://acks.city.example']);
    expect(feedOrigins('{ not json')).toEqual([]);
    expect(feedOrigins(null)).toEqual([]);
  });

  it('summarises a violation report on one line', () => {
    const body = JSON.stringify({
      'csp-report': {
        'violated-directive': 'font-src',
        'blocked-uri': 'data',
        'document-uri': 'http://a/',
      },
    });
    expect(summariseCspReport(body)).toBe('font-src blocked data in http://a/ at ::');
    expect(summariseCspReport('nonsense')).toBeNull();
  });
});
