/** Control states (`keys.controlState`), read together for the controls route. */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ControlState } from '../app/control-state.js';
import { keys } from './keys.js';

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v', 'revision', 'gsi1pk', 'gsi1sk']);

export class ControlStateRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The stored states of `controlIds` (at most 100), strongly consistent; a control never evaluated is absent. */
  async states(tenantId: string, controlIds: readonly string[]): Promise<Map<string, ControlState>> {
    const found = new Map<string, ControlState>();
    let pending: Record<string, unknown>[] = controlIds.map((id) => keys.controlState(tenantId, id));
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
      const out = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[this.tableName] ?? []) {
        const state = Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k))) as ControlState;
        found.set(state.controlId, state);
      }
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
    if (pending.length > 0) throw new Error('the store left control states unread; retry');
    return found;
  }
}
