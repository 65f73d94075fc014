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

/**
 * Digit runs that may be a phone or card number: led by a digit or `+`, not glued to a word (so `INV-20261102` or
 * `A12345678` stay references).
 */
const NUMBER_RUN = /(?<![\p{L}\d-])\+?\d[\d\s().\-/]*\d/gu;
/**
 * Dates (`2026-10-28`, `28/10/2026`, `28.10.26`) have as many digits as a phone number; they are taken out before
 * the runs are read. A date glued to more digits (`06.12.34.56.78`) is no date.
 */
const DATE = /(?<![\d./-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?![./-]?\d)/g;

/** The kind of personal identifier found anywhere in a free text, if any. */
export function personalDataIn(text: string): PersonalDataKind | undefined {
  const whole = personalDataKind(text);
  if (whole !== undefined) return whole;
  for (const [run] of text.replace(DATE, ' ').matchAll(NUMBER_RUN)) {
    const kind = personalDataKind(run);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/**
 * A free text of an event (a complaint's category note, an audit finding, a root cause), at most `max` characters,
 * refused when it carries a way to reach someone: the issue names the field and the kind, never the value.
 */
export function freeText(field: string, description: string, max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const kind = personalDataIn(value);
      if (kind !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${field} must not carry ${kind === 'e-mail address' ? 'an' : 'a'} ${kind}`,
        });
      }
    })
    .meta({
      description: `${description}: at most ${max} characters, never an e-mail address, phone number or card number`,
    });
}
