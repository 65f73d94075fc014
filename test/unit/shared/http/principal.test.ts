import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  canSeeTenant,
  hasRole,
  type JwtClaims,
  parseClaimList,
  principalFromClaims,
  principalFromEvent,
} from '../../../../shared/http/principal.js';
import { isRole, ROLES } from '../../../../shared/http/roles.js';

function eventWithClaims(
  claims: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer']['jwt']['claims'],
) {
  return {
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('Function: parseClaimList', () => {
  it.each([
    ['API Gateway bracket form', '[admin auditor]', ['admin', 'auditor']],
    ['bracket form with one entry', '[dpo]', ['dpo']],
    ['empty bracket form', '[]', []],
    ['JSON array string', '["admin","auditor"]', ['admin', 'auditor']],
    ['comma-separated string', 'acme, globex', ['acme', 'globex']],
    ['single value', 'auditor', ['auditor']],
    ['real array', ['admin', ' auditor '], ['admin', 'auditor']],
    ['empty string', '', []],
  ])('reads the %s', (_form, value, expected) => {
    expect(parseClaimList(value)).toEqual(expected);
  });

  it('yields nothing for values that are not lists of strings', () => {
    expect(parseClaimList(undefined)).toEqual([]);
    expect(parseClaimList(42)).toEqual([]);
    expect(parseClaimList(true)).toEqual([]);
    expect(parseClaimList([1, 'admin'])).toEqual(['admin']);
  });
});

describe('Function: principalFromEvent', () => {
  it('reads claims exactly as the HTTP API JWT authorizer delivers them', () => {
    // Prepare: what API Gateway hands over for a Cognito ID token (every value a string).
    const event = eventWithClaims({
      sub: '5f1c7e4a-0000-4000-8000-000000000001',
      'cognito:groups': '[compliance-officer auditor]',
      'custom:tenants': 'acme,globex',
      iss: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_abc',
      aud: 'client-id',
      exp: '1795975886',
      iat: '1795932686',
      token_use: 'id',
    });

    // Act
    const principal = principalFromEvent(event);

    // Assess
    expect(principal).toEqual({
      subject: '5f1c7e4a-0000-4000-8000-000000000001',
      roles: ['compliance-officer', 'auditor'],
      tenants: ['acme', 'globex'],
    });
  });

  it('accepts a JSON array string and a real array for the groups', () => {
    const fromJson = principalFromEvent(
      eventWithClaims({ sub: 'u', 'cognito:groups': '["dpo"]', 'custom:tenants': 'a' }),
    );
    const fromArray = principalFromEvent(
      eventWithClaims({ sub: 'u', 'cognito:groups': ['dpo'], 'custom:tenants': 'a' }),
    );
    expect(fromJson?.roles).toEqual(['dpo']);
    expect(fromArray?.roles).toEqual(['dpo']);
  });

  it('ignores unknown roles and keeps the known ones', () => {
    const principal = principalFromEvent(
      eventWithClaims({
        sub: 'u',
        'cognito:groups': '[superuser auditor eu-west-3_abc_Google]',
        'custom:tenants': 'a',
      }),
    );
    expect(principal?.roles).toEqual(['auditor']);
  });

  it('drops malformed tenant ids and duplicates instead of trusting them', () => {
    const principal = principalFromEvent(
      eventWithClaims({ sub: 'u', 'cognito:groups': '[auditor]', 'custom:tenants': 'acme,acme,../etc,*,globex' }),
    );
    expect(principal?.tenants).toEqual(['acme', 'globex']);
  });

  it('returns a principal without tenants when the token names none', () => {
    const principal = principalFromEvent(eventWithClaims({ sub: 'u', 'cognito:groups': '[admin]' }));
    expect(principal).toEqual({ subject: 'u', roles: ['admin'], tenants: [] });
  });

  it.each<[string, JwtClaims | undefined]>([
    ['no claims at all', undefined],
    ['no subject', { 'cognito:groups': '[admin]', 'custom:tenants': 'a' }],
    ['a blank subject', { sub: '  ', 'cognito:groups': '[admin]' }],
    ['a numeric subject', { sub: 42, 'cognito:groups': '[admin]' }],
    ['no groups', { sub: 'u', 'custom:tenants': 'a' }],
    ['only unknown groups', { sub: 'u', 'cognito:groups': '[root]' }],
  ])('returns undefined for %s', (_case, claims) => {
    expect(principalFromClaims(claims)).toBeUndefined();
  });

  it('returns undefined for an event that did not go through the authorizer', () => {
    const event = { requestContext: {} } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(principalFromEvent(event)).toBeUndefined();
  });
});

describe('Function: canSeeTenant and hasRole', () => {
  const principal = { subject: 'u', roles: ['client-manager' as const], tenants: ['acme'] };

  it('sees only the tenants the token names', () => {
    expect(canSeeTenant(principal, 'acme')).toBe(true);
    expect(canSeeTenant(principal, 'globex')).toBe(false);
    expect(canSeeTenant({ ...principal, tenants: [] }, 'acme')).toBe(false);
  });

  it('holds a role when any of the asked roles matches', () => {
    expect(hasRole(principal, 'compliance-officer', 'client-manager')).toBe(true);
    expect(hasRole(principal, 'admin')).toBe(false);
    expect(hasRole(principal)).toBe(false);
  });
});

describe('Constant: ROLES', () => {
  it('lists the roles of the contract and nothing else', () => {
    expect(ROLES).toEqual(['compliance-officer', 'client-manager', 'auditor', 'dpo', 'recording-reviewer', 'admin']);
    expect(isRole('auditor')).toBe(true);
    expect(isRole('Auditor')).toBe(false);
  });
});
