import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { ComplaintRegisterCheck } from '../../../shared/app/complaint-register-check.js';
import { defaultPolicyLookup } from '../../../shared/app/record-contact.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { AgreementPolicyLookup, AgreementRepository } from '../../../shared/store/agreement-repository.js';
import {
  complaintLinkWrite,
  complaintRegisterKeys,
  DynamoComplaintRegister,
} from '../../../shared/store/complaint-register-items.js';
import { recordContactItems } from '../../../shared/store/contact-repository.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';

const { tableName } = standInConfig();
const db = testDocumentClient();
const agreements = new AgreementRepository(db, tableName);
const recorder = new DynamoContactRecorder(db, tableName, new AgreementPolicyLookup(agreements, 0));
const check = new ComplaintRegisterCheck(new DynamoComplaintRegister(db, tableName));
const tenant = () => `reg-${crypto.randomUUID().slice(0, 8)}`;

/** A handled voice call of ten minutes that ended at `endedAt`, with a reason if given. */
function call(tenantId: string, contactId: string, endedAt: string, reason?: string) {
  const ended = Date.parse(endedAt);
  const at = (ms: number) => new Date(ms).toISOString();
  return {
    schemaVersion: 1 as const,
    tenantId,
    centerId: 'lyon-1',
    contactId,
    channel: 'voice' as const,
    direction: 'inbound' as const,
    queue: 'billing',
    initiatedAt: at(ended - 600_000),
    answeredAt: at(ended - 590_000),
    endedAt: at(ended),
    occurredAt: at(ended),
    outcome: 'handled' as const,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** The complaint's side, as the complaint register's transaction writes it for a complaint naming the contact. */
async function registerComplaint(tenantId: string, contactId: string, complaintId: string, receivedAt: string) {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [complaintLinkWrite(tableName, tenantId, contactId, complaintId, receivedAt, 1_096)],
    }),
  );
}

async function registerItems(tenantId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': complaintRegisterKeys.partition(tenantId) },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

// Tuesday 10 November 2026, 10:10 in Paris. The default agreement gives a business day: 11 November is a French
// public holiday, so the complaint is due by the close of Thursday 12 November, 18:00 in Paris (17:00 UTC).
const ENDED = '2026-11-10T09:10:00Z';
const DUE = '2026-11-12T17:00:00.000Z';
const before = new Date(Date.parse(DUE) - 60_000);
const after = new Date(Date.parse(DUE) + 60_000);

describe('Use case: a contact with a complaint reason must have its complaint registered (P1-CMP-REGISTER)', () => {
  it('flags a complaint-reason contact without a complaint once its window has passed, not before', async () => {
    // Prepare
    const tenantId = tenant();
    expect(await recorder.record(call(tenantId, 'c-hidden', ENDED, 'complaint'))).toBe('applied');

    // Act
    const open = await check.evaluate(tenantId, before);
    const passed = await check.evaluate(tenantId, after);

    // Assess
    expect(open).toEqual({ status: 'compliant', detail: { unregisteredCount: 0, lookbackDays: 30 } });
    expect(passed).toEqual({
      status: 'breached',
      detail: { unregisteredCount: 1, contactIds: ['c-hidden'], oldestExpectedBy: DUE, lookbackDays: 30 },
    });
  });

  it('does not flag the contact when its complaint is registered after it', async () => {
    // Prepare
    const tenantId = tenant();
    await recorder.record(call(tenantId, 'c-1', ENDED, 'complaint'));
    await registerComplaint(tenantId, 'c-1', 'cmp-1', '2026-11-10T15:00:00+01:00');

    // Act
    const result = await check.evaluate(tenantId, after);

    // Assess
    expect(result.status).toBe('compliant');
    const [item] = await registerItems(tenantId);
    expect(item).toMatchObject({ complaintId: 'cmp-1', registeredAt: '2026-11-10T14:00:00.000Z', expectedBy: DUE });
  });

  it('does not flag the contact when its complaint came before it, and unlists it', async () => {
    // Prepare: the complaint first; the contact's write then lists the expectation as pending again
    const tenantId = tenant();
    await registerComplaint(tenantId, 'c-1', 'cmp-1', '2026-11-10T09:30:00Z');
    // Alone, the link expires with the complaint's retention (a contact that never comes leaves nothing for ever).
    const [alone] = await registerItems(tenantId);
    expect(alone?.expiresAt).toBe(Date.parse('2026-11-10T09:30:00Z') / 1000 + 1_096 * 86_400);
    await recorder.record(call(tenantId, 'c-1', ENDED, 'complaint'));
    const [listed] = await registerItems(tenantId);
    expect(listed?.gsi1pk).toBeDefined();
    // The contact's write gives it the contact's retention.
    expect(listed?.expiresAt).toBeLessThan(alone?.expiresAt as number);

    // Act
    const result = await check.evaluate(tenantId, after);

    // Assess: the same outcome as in the other order, and the next run meets nothing
    expect(result.status).toBe('compliant');
    const [item] = await registerItems(tenantId);
    expect(item).toMatchObject({ complaintId: 'cmp-1', expectedBy: DUE, reason: 'complaint' });
    expect(item).not.toHaveProperty('gsi1pk');
    expect(item).not.toHaveProperty('gsi1sk');
  });

  it('writes nothing to the register for a contact of another reason, without one, or not handled: no data', async () => {
    // Prepare
    const tenantId = tenant();
    const { answeredAt: _, ...handled } = call(tenantId, 'c-abandoned', ENDED, 'complaint');

    // Act
    await recorder.record(call(tenantId, 'c-billing', ENDED, 'billing'));
    await recorder.record(call(tenantId, 'c-none', ENDED));
    // The caller chose "complaint" in the menu and hung up before anyone answered: nobody could register it.
    await recorder.record({ ...handled, outcome: 'abandoned' });

    // Assess
    expect(await registerItems(tenantId)).toEqual([]);
    expect(await check.evaluate(tenantId, after)).toEqual({ status: 'no-data', detail: {} });
  });

  it("follows the agreement's own complaint reasons and a window in business hours", async () => {
    // Prepare: only `formal-complaint` counts, to be registered within 4 business hours
    const tenantId = tenant();
    await new AddAgreementVersion(agreements, new DynamoLedgerRepository(db, tableName)).add(
      tenantId,
      AgreementInput.parse({
        effectiveFrom: '2026-01-01',
        complaintDeadlines: {
          acknowledge: { value: { amount: 2, unit: 'business-days' } },
          resolve: { value: { amount: 10, unit: 'business-days' } },
          complaintReasons: { value: ['formal-complaint'] },
          registerWithin: { value: { amount: 4, unit: 'business-hours' } },
        },
      }),
      { recordedBy: 'officer-1', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
    );

    // Act: Friday 13 November, 16:10 in Paris: 1 h 50 that day, 2 h 10 on Monday
    await recorder.record(call(tenantId, 'c-formal', '2026-11-13T15:10:00Z', 'formal-complaint'));
    await recorder.record(call(tenantId, 'c-plain', '2026-11-13T15:10:00Z', 'complaint'));

    // Assess
    const items = await registerItems(tenantId);
    expect(items.map((i) => [i.contactId, i.expectedBy])).toEqual([['c-formal', '2026-11-16T10:10:00.000Z']]);
    expect((await check.evaluate(tenantId, new Date('2026-11-16T10:09:00Z'))).status).toBe('compliant');
    expect((await check.evaluate(tenantId, new Date('2026-11-16T10:11:00Z'))).detail.contactIds).toEqual(['c-formal']);
  });

  it('keeps the expectation as long as the contact, and a redelivery of the contact changes nothing', async () => {
    // Prepare
    const tenantId = tenant();
    const contact = call(tenantId, 'c-1', ENDED, 'complaint');
    await recorder.record(contact);

    // Act
    expect(await recorder.record(contact)).toBe('duplicate');

    // Assess
    const stored = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `T#${tenantId}#CONTACT#c-1`, sk: 'CONTACT' } }),
    );
    const items = await registerItems(tenantId);
    expect(items).toHaveLength(1);
    expect(items[0]?.expiresAt).toBe(stored.Item?.expiresAt);
  });

  it('adds one small item to the transaction of a complaint-reason contact, and none to the others', async () => {
    // Prepare
    const tenantId = tenant();
    const policy = await defaultPolicyLookup.policyFor(tenantId, ENDED);
    const send = async (contact: ReturnType<typeof call>) => {
      const items = recordContactItems(tableName, contact, policy);
      const out = await db.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'INDEXES' }));
      console.info(`write units, ${contact.reason} contact`, JSON.stringify(out.ConsumedCapacity?.[0]));
      return items.length;
    };

    // Act
    const plain = await send(call(tenantId, 'c-plain', ENDED, 'billing'));
    // the longest contact id the event allows, which the item holds three times
    const complaint = await send(call(tenantId, 'c'.repeat(128), ENDED, 'complaint'));

    // Assess: DynamoDB Local reports the same units for both transactions, so the cost is read from the items: one
    // more write, of an item under 1 KB (2 units on the table, transactional, and its gsi1 entry)
    expect(plain).toBe(3);
    expect(complaint).toBe(4);
    const [item] = await registerItems(tenantId);
    expect(item?.gsi1pk).toBe(complaintRegisterKeys.pending(tenantId));
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(1024);
  });
});
