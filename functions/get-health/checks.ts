import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ListEmailTemplatesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { clientOptions } from '../../shared/adapters/aws-clients.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';

export type DependencyName = 'dynamodb' | 's3' | 'ses';

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  /** Why it is down: an error name or code (never a message, which may carry hosts or keys). */
  detail?: string;
}

/** One dependency and how to ask it, cheaply, whether it answers. */
export interface DependencyCheck {
  name: DependencyName;
  probe(abortSignal: AbortSignal): Promise<void>;
}

/**
 * The dependencies this function can check. The table always (`DescribeTable`: no read capacity, needs
 * `dynamodb:DescribeTable` on the table); the buckets and SES only where a stand-in endpoint is configured, since
 * in AWS they are regional services this function is granted nothing on (README.md, "On one machine").
 */
export function dependencyChecks(config: RuntimeConfig, buckets: string[]): DependencyCheck[] {
  const dynamodb = new DynamoDBClient({ ...clientOptions(config, config.endpoints.dynamodb), maxAttempts: 1 });
  const checks: DependencyCheck[] = [
    {
      name: 'dynamodb',
      probe: async (abortSignal) => {
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: config.tableName }), {
          abortSignal,
        });
        if (Table?.TableStatus !== 'ACTIVE' && Table?.TableStatus !== 'UPDATING') {
          throw Object.assign(new Error('table not active'), { name: `Table${Table?.TableStatus ?? 'Unknown'}` });
        }
      },
    },
  ];
  if (config.endpoints.s3 !== undefined && buckets.length > 0) {
    const s3 = new S3Client({
      ...clientOptions(config, config.endpoints.s3),
      forcePathStyle: true,
      maxAttempts: 1,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    checks.push({
      name: 's3',
      probe: async (abortSignal) => {
        await Promise.all(buckets.map((Bucket) => s3.send(new HeadBucketCommand({ Bucket }), { abortSignal })));
      },
    });
  }
  if (config.endpoints.ses !== undefined) {
    const ses = new SESv2Client({ ...clientOptions(config, config.endpoints.ses), maxAttempts: 1 });
    checks.push({
      name: 'ses',
      probe: async (abortSignal) =>
        void (await ses.send(new ListEmailTemplatesCommand({ PageSize: 1 }), { abortSignal })),
    });
  }
  return checks;
}

function reason(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e?.code === 'string') return e.code;
  const inner = e?.errors?.[0] ?? e?.cause;
  if (inner !== undefined && (e.name === 'AggregateError' || e.name === 'Error')) return reason(inner);
  return typeof e?.name === 'string' ? e.name : 'Error';
}

/** Probes every dependency at once, each given at most `timeoutMs`; never rejects. */
export async function checkDependencies(
  checks: DependencyCheck[],
  timeoutMs: number,
): Promise<Partial<Record<DependencyName, DependencyState>>> {
  const states = await Promise.all(
    checks.map(async ({ name, probe }): Promise<[DependencyName, DependencyState]> => {
      const started = performance.now();
      const latencyMs = () => Math.round(performance.now() - started);
      try {
        await probe(AbortSignal.timeout(timeoutMs));
        return [name, { status: 'up', latencyMs: latencyMs() }];
      } catch (error) {
        return [name, { status: 'down', latencyMs: latencyMs(), detail: reason(error) }];
      }
    }),
  );
  return Object.fromEntries(states);
}
