import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CTR_BATCH_CONCURRENCY } from '../../../../shared/app/budgets.js';
import { ConnectCtrIngest } from '../../../../shared/app/ingest-connect-ctr.js';
import { VendorMapping } from '../../../../shared/domain/vendor/vendor-mapping.js';

const INSTANCE = '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15';
const mapping = VendorMapping.parse({
  instances: [
    { vendor: 'amazon-connect', instance: INSTANCE, default: { tenantId: 'acme-energy', centerId: 'lyon-1' } },
  ],
});
const ctr = JSON.parse(readFileSync('test/fixtures/vendors/amazon-connect/ctr-voice-inbound-handled.json', 'utf8'));
const records = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `r${i}`, text: JSON.stringify({ ...ctr, ContactId: `c-${i}` }) }));

/** A recorder that counts writes in flight; each takes a few milliseconds, later ones less, to shuffle completions. */
function slowRecorder() {
  const seen = { inFlight: 0, maxInFlight: 0, order: [] as string[] };
  const recorder = {
    record: async (contact: { contactId: string }) => {
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      const index = Number(contact.contactId.slice(2));
      await new Promise((resolve) => setTimeout(resolve, 1 + ((7 * index) % 5)));
      seen.inFlight -= 1;
      seen.order.push(contact.contactId);
      return index % 3 === 0 ? ('duplicate' as const) : ('applied' as const);
    },
  };
  return { seen, recorder };
}

const deadLetters = { put: async () => undefined };

describe('ConnectCtrIngest.ingestBatch: a bounded pool over the batch', () => {
  it('never has more records in flight than asked, and answers each outcome in the batch order', async () => {
    const { seen, recorder } = slowRecorder();
    const ingest = new ConnectCtrIngest({ recorder, deadLetters, mapping });

    const result = await ingest.ingestBatch(records(30), 3);

    expect(seen.maxInFlight).toBe(3);
    expect(seen.order).not.toEqual(records(30).map((_, i) => `c-${i}`));
    expect(result.outcomes).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'duplicate' : 'applied')));
    expect(result.counts).toEqual({ duplicate: 10, applied: 20 });
  });

  it('uses CTR_BATCH_CONCURRENCY when the caller names no concurrency', async () => {
    const { seen, recorder } = slowRecorder();
    const ingest = new ConnectCtrIngest({ recorder, deadLetters, mapping });

    await ingest.ingestBatch(records(40));

    expect(seen.maxInFlight).toBe(CTR_BATCH_CONCURRENCY);
  });
});
