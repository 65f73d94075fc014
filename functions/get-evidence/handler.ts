import { randomInt } from 'node:crypto';
import packageJson from '../../package.json' with { type: 'json' };
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { S3EvidencePackStore } from '../../shared/adapters/evidence-pack-store.js';
import { anchorKey, createS3Client, S3LedgerAnchorStore } from '../../shared/adapters/ledger-anchor-store.js';
import { ZipArchive } from '../../shared/adapters/zip-archive.js';
import { DEFAULT_SAMPLE_SIZE, generateEvidencePack } from '../../shared/app/evidence-pack.js';
import { MAX_SEED } from '../../shared/domain/evidence/reservoir-sample.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { dynamoEvidenceSources } from '../../shared/store/evidence-sources.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { getEvidenceRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const reportsBucket = requiredVariable('REPORTS_BUCKET');
const anchorBucket = requiredVariable('LEDGER_ANCHOR_BUCKET');
// The reports key's ARN in AWS (an alias locally, which the S3 stand-in ignores); the bucket's default key if unset.
const reportsKey = process.env.REPORTS_KMS_KEY_ID?.trim() || undefined;

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  const s3 = createS3Client(config);
  return {
    sources: dynamoEvidenceSources(db, config.tableName),
    ledger: new DynamoLedgerRepository(db, config.tableName),
    heads: new DynamoLedgerRepository(db, config.tableName),
    anchors: new S3LedgerAnchorStore(s3, anchorBucket),
    anchorKey,
    archive: (modifiedAt: Date) => new ZipArchive(modifiedAt),
    store: new S3EvidencePackStore(s3, { bucket: reportsBucket, ...(reportsKey && { kmsKeyId: reportsKey }) }),
    generator: `${packageJson.name} ${packageJson.version}`,
  };
});

export const handler = apiHandler(getEvidenceRoute, async ({ path, query, principal, role, requestId, now }) => {
  const pack = await generateEvidencePack(deps(), {
    tenantId: path.tenantId,
    from: query.from,
    to: query.to,
    seed: query.seed ?? randomInt(0, MAX_SEED + 1),
    sampleSize: query.sampleSize ?? DEFAULT_SAMPLE_SIZE,
    actor: principal.subject,
    actorRole: role,
    requestId,
    now,
  });
  const { url, expiresAt, key, sha256, bytes, ledgerSequence, manifest, manifestSha256 } = pack;
  const redirect = query.redirect !== 'false';
  return {
    status: redirect ? 303 : 200,
    headers: { 'cache-control': 'no-store', ...(redirect ? { location: url } : {}) },
    body: { url, expiresAt, key, sha256, bytes, ledgerSequence, manifest: { sha256: manifestSha256, ...manifest } },
    evidence: { sequence: ledgerSequence },
  };
});
