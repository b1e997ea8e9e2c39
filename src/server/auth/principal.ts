// Who is asking, and what they may see: a person signed in through the city's identity provider
// or a wall device, with roles from the provider's claims (or the device registry).
//
//   city               every area
//   district:<6 digits> / street:<9 digits>   that area and everything under it
//   wall               a display: the wall profile, no personal data, read-only
//   pii                may unmask one ticket's reporter, giving a reason (audited)
//   audit              may list and export the audit log
import type { ClaimConfig } from './auth-config';

export interface Principal {
  kind: 'user' | 'device';
  /** The provider's `sub`, or the device's id. */
  id: string;
  /** Shown in the title bar and recorded with acknowledgements and audit entries. */
  name: string;
  /** The recognised roles, as written (`district:350102`). */
  roles: readonly string[];
  /**
   * Division codes the principal may see (each with everything under it); null: the whole city;
   * empty: no data at all (signed in without a role for this dashboard).
   */
  areas: readonly string[] | null;
  wall: boolean;
  pii: boolean;
  audit: boolean;
}

const AREA_ROLE = /^(district:\d{6}|street:\d{9}|community:\d{12})$/;
const ROLES = new Set(['city', 'wall', 'pii', 'audit']);

/** A division code: 6, 9 or 12 digits. */
export const DIVISION_CODE = /^\d{6}(?:\d{3}){0,2}$/;

/** The value at a dotted path of the claims. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The recognised roles among `raw` (unknown ones are ignored), sorted, each once. */
export function recognisedRoles(raw: readonly string[], prefix = ''): string[] {
  const roles = new Set<string>();
  for (const entry of raw) {
    if (!entry.startsWith(prefix)) continue;
    const role = entry.slice(prefix.length).trim();
    if (ROLES.has(role) || AREA_ROLE.test(role)) roles.add(role);
  }
  return [...roles].sort();
}

/** The principal's rights from its roles. */
export function principalOf(
  kind: Principal['kind'],
  id: string,
  name: string,
  roles: readonly string[],
): Principal {
  const areaRoles = roles.filter((role) => AREA_ROLE.test(role)).map((r) => r.split(':')[1]!);
  // An area inside another one the principal also holds adds nothing.
  const areas = areaRoles.filter(
    (code) => !areaRoles.some((other) => other !== code && code.startsWith(other)),
  );
  return {
    kind,
    id,
    name: name.slice(0, 80),
    roles,
    areas: roles.includes('city') ? null : areas,
    wall: kind === 'device' || roles.includes('wall'),
    // A wall shows no personal data and keeps no audit: these rights never go to a display.
    pii: kind === 'user' && !roles.includes('wall') && roles.includes('pii'),
    audit: kind === 'user' && !roles.includes('wall') && roles.includes('audit'),
  };
}

/** A person from the provider's claims (ID token and UserInfo merged). */
export function principalFromClaims(
  claims: Record<string, unknown>,
  config: ClaimConfig,
): Principal {
  const sub = String(claims.sub ?? '');
  let name = sub;
  for (const path of config.name) {
    const value = claimAt(claims, path);
    if (typeof value === 'string' && value.trim()) {
      name = value.trim();
      break;
    }
  }
  const raw = claimAt(claims, config.roles);
  const list = Array.isArray(raw)
    ? raw.filter((r): r is string => typeof r === 'string')
    : typeof raw === 'string'
      ? raw.split(/[\s,]+/)
      : [];
  return principalOf('user', sub, name, recognisedRoles(list, config.rolePrefix));
}

/** Whether `code` (a division code) lies in one of `areas` (null: the whole city). */
export function inAreas(code: string, areas: readonly string[] | null): boolean {
  if (areas === null) return true;
  return areas.some((area) => code.startsWith(area));
}

/** Whether the principal sees only part of the city. */
export const isScoped = (p: Principal): boolean => p.areas !== null;

/** What the browser is told about the principal (`GET /api/session`). */
export function describe(p: Principal) {
  return {
    kind: p.kind,
    name: p.name,
    roles: p.roles,
    areas: p.areas,
    profile: p.wall ? 'wall' : null,
    readOnly: p.wall,
    canUnmask: p.pii,
    canAudit: p.audit,
  };
}
