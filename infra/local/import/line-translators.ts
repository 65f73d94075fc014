/**
 * One JSON line of an import file → a canonical contact, a skip or a rejection, for each accepted format
 * (README.md, "Vendor formats"). Pure: the import pipeline does the I/O.
 */
import {
  type ConnectRecordingAnnouncement,
  connectRecordingAvailable,
  translateConnectCtr,
} from '../../../events/adapters/amazon-connect-ctr.js';
import { ContactCompleted, ContactCompletedDetail } from '../../../events/telephony.js';
import { type PlacedContact, placeContact } from '../../../shared/domain/vendor/place-contact.js';
import type { VendorMapping } from '../../../shared/domain/vendor/vendor-mapping.js';

export const IMPORT_FORMATS = ['amazon-connect-ctr', 'canonical'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** `--tenant` and `--center`: where the vendor mapping names no tenant (or a canonical line has none). */
export interface ImportDefaults {
  tenantId?: string;
  centerId?: string;
}

/** A translated line: a contact to record comes with the announcement of its call recording, if it has one. */
export type TranslatedLine = PlacedContact & { recording?: ConnectRecordingAnnouncement };

export type LineTranslator = (line: string) => TranslatedLine;

function parseJson(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    // The parser's message quotes the line, which may hold personal data: the reason stays generic.
    return { ok: false };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A canonical line is a `contact.completed` detail, or a whole EventBridge event carrying one. */
function canonicalDetail(value: unknown): Record<string, unknown> | string {
  if (!isObject(value)) return 'the line is not a JSON object';
  if (!isObject(value.detail) || (value['detail-type'] === undefined && value.source === undefined)) return value;
  if (value['detail-type'] !== ContactCompleted.detailType) {
    return `an event of detail-type ${String(value['detail-type'])}, not ${ContactCompleted.detailType}`;
  }
  return value.detail;
}

function canonicalLine(value: unknown, defaults: ImportDefaults): PlacedContact {
  const detail = canonicalDetail(value);
  if (typeof detail === 'string') return { kind: 'reject', reason: detail };
  // Defaults fill only what the line leaves out: a line that names its tenant keeps it.
  const filled = {
    ...detail,
    ...(detail.tenantId === undefined && defaults.tenantId !== undefined ? { tenantId: defaults.tenantId } : {}),
    ...(detail.centerId === undefined && defaults.centerId !== undefined ? { centerId: defaults.centerId } : {}),
  };
  const parsed = ContactCompletedDetail.safeParse(filled);
  if (parsed.success) return { kind: 'contact', detail: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(detail)'}: ${i.message}`).join('; ');
  return { kind: 'reject', reason: `not a valid contact.completed: ${issues}` };
}

/** The translator of one format, closed over the mapping and the defaults. */
export function lineTranslator(format: ImportFormat, mapping: VendorMapping, defaults: ImportDefaults): LineTranslator {
  const fallback =
    defaults.tenantId !== undefined && defaults.centerId !== undefined
      ? { tenantId: defaults.tenantId, centerId: defaults.centerId }
      : undefined;
  return (line) => {
    const json = parseJson(line);
    if (!json.ok) return { kind: 'reject', reason: 'the line is not valid JSON' };
    if (format === 'canonical') return canonicalLine(json.value, defaults);
    const placed = placeContact(translateConnectCtr(json.value), mapping, fallback);
    if (placed.kind !== 'contact') return placed;
    return { ...placed, recording: connectRecordingAvailable(json.value, placed.detail) };
  };
}
