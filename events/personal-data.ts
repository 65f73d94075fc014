/**
 * Recognises values that are direct personal identifiers (a phone number, an e-mail address, a payment card number)
 * where a canonical event expects a pseudonymised reference. Pure; events may import only zod.
 */
import { z } from 'zod';

/** What a value looks like when it is not a pseudonym. */
export type PersonalDataKind = 'phone number' | 'e-mail address' | 'payment card number';

/** Anything shaped `local@domain.tld`, anywhere in the value. */
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** Digits with the punctuation people write numbers with, optionally led by `+` or `tel:`; nothing else. */
const NUMBER_LIKE = /^(?:tel:)?\+?[\d\s().\-/]+$/i;

/** Whether a string of digits passes the Luhn check, as every payment card number does. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * The kind of personal identifier `value` looks like, or `undefined` for anything else (`CUST-000123`, a UUID, a
 * hash). A value made only of digits and number punctuation is a card number when it has 13 to 19 digits and passes
 * the Luhn check, else a phone number when it has 7 to 15 digits (E.164 allows 15). Shorter numbers are taken for
 * references: six digits reach no one.
 */
export function personalDataKind(value: string): PersonalDataKind | undefined {
  if (EMAIL.test(value)) return 'e-mail address';
  if (!NUMBER_LIKE.test(value.trim())) return undefined;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return 'payment card number';
  if (digits.length >= 7 && digits.length <= 15) return 'phone number';
  return undefined;
}

/**
 * A free-text identifier field of a canonical event that must never carry a direct personal identifier: the issue
 * names the field and what the value looks like, never the value.
 */
export function pseudonymousReference(field: string) {
  return z
    .string()
    .min(1)
    .max(128)
    .superRefine((value, ctx) => {
      const kind = personalDataKind(value);
      if (kind !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${field} must be a pseudonymised reference, not ${kind === 'e-mail address' ? 'an' : 'a'} ${kind}`,
        });
      }
    })
    .meta({ description: 'Pseudonymised reference: never a phone number, e-mail address or payment card number' });
}
