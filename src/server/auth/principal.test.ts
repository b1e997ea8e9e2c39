import { describe, expect, it } from 'vitest';
import { inAreas, principalFromClaims, recognisedRoles } from './principal';

const claims = { name: ['name', 'preferred_username', 'sub'], roles: 'roles', rolePrefix: '' };

describe('roles from claims', () => {
  it('keeps the roles it knows, once each', () => {
    expect(
      recognisedRoles([
        'city',
        'pii',
        'admin',
        'district:35010',
        'district:350102',
        'pii',
        'street:350102001',
      ]),
    ).toEqual(['city', 'district:350102', 'pii', 'street:350102001']);
  });

  it('reads a dotted claim, a space-separated string and a prefix', () => {
    const keycloak = principalFromClaims(
      {
        sub: 'u1',
        preferred_username: 'lin',
        realm_access: { roles: ['cb:district:350102', 'cb:pii', 'offline_access'] },
      },
      { ...claims, roles: 'realm_access.roles', rolePrefix: 'cb:' },
    );
    expect(keycloak).toMatchObject({
      name: 'lin',
      areas: ['350102'],
      pii: true,
      audit: false,
      wall: false,
    });
    const spaced = principalFromClaims({ sub: 'u2', roles: 'street:350102001 audit' }, claims);
    expect(spaced).toMatchObject({ name: 'u2', areas: ['350102001'], audit: true });
  });

  it('city wins over areas; an area inside another adds nothing; none is no access', () => {
    expect(
      principalFromClaims({ sub: 'a', roles: ['city', 'district:350102'] }, claims).areas,
    ).toBeNull();
    expect(
      principalFromClaims(
        { sub: 'b', roles: ['district:350102', 'street:350102001', 'district:350103'] },
        claims,
      ).areas,
    ).toEqual(['350102', '350103']);
    expect(principalFromClaims({ sub: 'c', roles: ['pii'] }, claims).areas).toEqual([]);
  });

  it('a wall never unmasks or audits, whatever else it holds', () => {
    expect(
      principalFromClaims({ sub: 'w', roles: ['wall', 'city', 'pii', 'audit'] }, claims),
    ).toMatchObject({
      wall: true,
      pii: false,
      audit: false,
    });
  });

  it('places codes in areas by prefix', () => {
    expect(inAreas('350102001001', ['350102'])).toBe(true);
    expect(inAreas('350100', ['350102'])).toBe(false);
    expect(inAreas('350103', null)).toBe(true);
  });
});
