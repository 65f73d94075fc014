import { describe, expect, it } from 'vitest';
import { passesLuhn, personalDataKind, pseudonymousReference } from '../../../events/personal-data.js';

describe('Function: personalDataKind', () => {
  it.each([
    ['+33 6 12 34 56 78', 'phone number'],
    ['+33612345678', 'phone number'],
    ['06.12.34.56.78', 'phone number'],
    ['(555) 123-4567', 'phone number'],
    ['tel:+44-20-7946-0958', 'phone number'],
    ['jane.doe@example.com', 'e-mail address'],
    ['cust <jane@example.fr>', 'e-mail address'],
    ['4111 1111 1111 1111', 'payment card number'],
    ['4111-1111-1111-1111', 'payment card number'],
    ['378282246310005', 'payment card number'],
  ])('recognises %s as a %s', (value, kind) => {
    expect(personalDataKind(value)).toBe(kind);
  });

  it.each([
    'CUST-000123',
    'cust-7f3a9c',
    'agent-042',
    '7f3a9c2e-1b4d-4c8e-9a6f-0d2b3c4e5f60',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '000123',
    'user@host',
    '4111 1111 1111 1112 is a note',
  ])('takes %s for a reference', (value) => {
    expect(personalDataKind(value)).toBeUndefined();
  });

  it('tells a 16-digit number that fails the Luhn check from a card number', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    // 16 digits are too many for a phone number (E.164: 15) and fail Luhn: not recognised.
    expect(personalDataKind('4111111111111112')).toBeUndefined();
  });
});

describe('Schema: pseudonymousReference', () => {
  it('says why a value is refused without repeating it', () => {
    const result = pseudonymousReference('customerRef').safeParse('+33 6 12 34 56 78');

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'customerRef must be a pseudonymised reference, not a phone number',
    ]);
  });

  it('accepts a pseudonym', () => {
    expect(pseudonymousReference('agentId').parse('agent-042')).toBe('agent-042');
  });
});
