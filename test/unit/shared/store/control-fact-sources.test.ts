import { describe, expect, it } from 'vitest';
import type { FactScope } from '../../../../shared/app/evaluate-controls.js';
import type { RecordingMetadata } from '../../../../shared/app/recordings.js';
import { defaultAgreementVersion } from '../../../../shared/domain/agreement/default-agreement.js';
import type { LedgerEntry } from '../../../../shared/domain/ledger/hash-chain.js';
import type { Nonconformity } from '../../../../shared/domain/quality/quality-records.js';
import { controlFactSources, type FactRepositories } from '../../../../shared/store/control-fact-sources.js';

const T = 'acme-energy';
const NOW = new Date('2026-11-20T04:00:00.000Z');
const agreement = defaultAgreementVersion(T);
const scope: FactScope = { tenantId: T, now: NOW, agreement, versions: [] };

const entry = (kind: string, occurredAt: string, payload: Record<string, unknown>) =>
  ({ kind, occurredAt, payload }) as unknown as LedgerEntry;

function sources(over: Partial<FactRepositories>, ledgerEntries: LedgerEntry[] = []) {
  const unused = () => {
    throw new Error('not read by this slice');
  };
  return controlFactSources({
    kpis: { report: unused },
    complaints: { facts: unused },
    agents: { allProfiles: unused, tenantViolations: unused },
    recordings: { find: unused },
    erasures: { list: unused },
    ledger: {
      entries: async function* () {
        yield* ledgerEntries;
      },
      storedHead: async () => undefined,
    },
    anchors: { list: async () => [] },
    quality: { audits: unused, nonconformities: unused },
    governance: { documents: unused, reviews: unused },
    ...over,
  });
}

describe('Control fact sources', () => {
  it('finds the recordings stored, past their retention plus the grace, without the data key, and the accesses', async () => {
    const stored = (contactId: string, deleteAfter: string, kmsKeyId?: string) =>
      entry('recording.stored', '2026-01-01T00:00:00Z', {
        contactId,
        deleteAfter,
        ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      });
    const ledger = [
      stored('c-kept', '2027-01-01T00:00:00.000Z', 'local'),
      // Past its date by more than the purge's day of grace.
      stored('c-overdue', '2026-11-18T00:00:00.000Z', 'local'),
      // Past its date, but within the grace.
      stored('c-grace', '2026-11-19T12:00:00.000Z', 'local'),
      // Past its date but held.
      stored('c-held', '2026-11-01T00:00:00.000Z', 'local'),
      stored('c-plain', '2027-01-01T00:00:00.000Z'),
      stored('c-gone', '2026-10-01T00:00:00.000Z', 'local'),
      entry('recording.deleted', '2026-10-02T00:00:00Z', { recordings: [{ contactId: 'c-gone' }] }),
      entry('recording.accessed', '2026-11-10T10:00:00Z', { unusual: [] }),
      entry('recording.accessed', '2026-11-11T23:00:00Z', { unusual: ['out-of-hours'] }),
      // Before the 30 days.
      entry('recording.accessed', '2026-10-01T10:00:00Z', { unusual: ['bulk'] }),
    ];
    const read: string[] = [];
    const s = sources(
      {
        recordings: {
          find: async (_t, contactId) => {
            read.push(contactId);
            return { contactId, deleteAfter: 'x', legalHold: contactId === 'c-held' } as RecordingMetadata;
          },
        },
      },
      ledger,
    );

    const facts = await s.recordings(scope);

    expect(facts).toEqual({
      stored: 5,
      overdue: [{ contactId: 'c-overdue', deleteAfter: 'x' }],
      overdueCount: 1,
      unencrypted: [{ contactId: 'c-plain' }],
      unencryptedCount: 1,
      accesses: 2,
      unusualAccesses: 1,
    });
    // Only those past their retention are read back.
    expect(read.sort()).toEqual(['c-held', 'c-overdue']);
  });

  it('keeps the erasure requests of the last 13 months', async () => {
    const s = sources({
      erasures: {
        list: async () => ({
          requests: [
            { requestId: 'new', receivedAt: '2026-11-01T00:00:00Z' },
            { requestId: 'old', receivedAt: '2025-09-01T00:00:00Z' },
          ] as never,
        }),
      },
    });
    expect((await s.erasures(scope)).requests.map((r) => r.requestId)).toEqual(['new']);
  });

  it('keeps the nonconformities not closed, or closed in the last 12 months, and asks for 36 months of audits', async () => {
    const windows: Array<{ from?: string }> = [];
    const nc = (nonconformityId: string, status: string, closedAt?: string) =>
      ({ nonconformityId, status, ...(closedAt === undefined ? {} : { closedAt }) }) as unknown as Nonconformity;
    const s = sources({
      quality: {
        audits: async (_t, window) => {
          windows.push(window);
          return [];
        },
        nonconformities: async () => [
          nc('open', 'open'),
          nc('recent', 'closed', '2026-06-01T00:00:00Z'),
          nc('old', 'closed', '2025-06-01T00:00:00Z'),
        ],
      },
    });
    const facts = await s.quality(scope);
    expect(facts.nonconformities.map((n) => n.nonconformityId)).toEqual(['open', 'recent']);
    expect(windows).toEqual([{ from: '2023-11-20' }]);
  });

  it('verifies the ledger: an empty chain is valid', async () => {
    expect(await sources({}).ledger(scope)).toEqual({ valid: true, entries: 0 });
  });
});
