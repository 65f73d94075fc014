/**
 * What an evidence pack tells its auditor about checking it without this software: `SHA256SUMS` (read by
 * `sha256sum -c`) and `VERIFY.md`, which spells out the hash recipe of shared/domain/ledger/hash-chain.ts and gives
 * one `node -e` command that recomputes the chain of `ledger/entries.jsonl` and compares it with `ledger/head.json`.
 */

/** A file of the pack as the manifest lists it. */
export interface PackedFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** `sha256sum` format: the hash, two spaces (text mode), the path; one line per file. */
export function sha256Sums(files: readonly PackedFile[]): string {
  return files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
}

/**
 * Recomputes every entry's payload hash and chained hash (canonical JSON: keys sorted at every depth, undefined
 * fields left out, no whitespace; SHA-256 in lower-case hex), checks the sequence and the links, and compares the
 * last entry with the head and the anchor of `ledger/head.json`. Prints `OK <sequence> <hash>` and exits 0, or says
 * where it breaks and exits 1. Only double quotes inside, so a POSIX shell takes it in single quotes.
 */
export const CHAIN_CHECK_SCRIPT = [
  'const c=require("crypto"),f=require("fs");',
  'const j=v=>Array.isArray(v)?"["+v.map(j).join(",")+"]":v!==null&&typeof v=="object"?"{"+Object.keys(v).filter(k=>v[k]!==undefined).sort().map(k=>JSON.stringify(k)+":"+j(v[k])).join(",")+"}":JSON.stringify(v);',
  'const h=s=>c.createHash("sha256").update(s).digest("hex");',
  'const H=JSON.parse(f.readFileSync("ledger/head.json","utf8"));',
  'let n=H.startsAfter.sequence,p=H.startsAfter.hash;',
  'for(const l of f.readFileSync("ledger/entries.jsonl","utf8").split("\\n")){if(!l)continue;',
  'const e=JSON.parse(l),o={tenantId:e.tenantId,sequence:e.sequence,occurredAt:e.occurredAt,recordedAt:e.recordedAt,actor:e.actor,kind:e.kind,payloadHash:h(j(e.payload)),previousHash:e.previousHash};',
  'if(e.format===2)Object.assign(o,{format:2,actorRole:e.actorRole,resource:e.resource,contentBefore:e.contentBefore,contentAfter:e.contentAfter,requestId:e.requestId});',
  'if(e.sequence!==++n||e.previousHash!==p||o.payloadHash!==e.payloadHash||h(j(o))!==e.hash){console.log("BROKEN at entry "+n);process.exit(1)}',
  'p=e.hash}',
  'const ok=n===H.head.sequence&&p===H.head.hash&&(H.anchor===null||H.anchor.sequence===n&&H.anchor.hash===p);',
  'console.log((ok?"OK ":"MISMATCH ")+n+" "+p);process.exit(ok?0:1)',
].join('');

/** The command as VERIFY.md prints it, run in the directory the pack was unzipped into. */
export const CHAIN_CHECK_COMMAND = `node -e '${CHAIN_CHECK_SCRIPT}'`;

export interface GuideFacts {
  tenantId: string;
  from: string;
  to: string;
  generatedAt: string;
  head: { sequence: number; hash: string };
  anchor: { key: string; sequence: number; hash: string; anchoredAt: string } | null;
}

/** VERIFY.md: plain Markdown, the commands in code blocks so they can be copied as they are. */
export function verifyGuide(facts: GuideFacts): string {
  const anchor =
    facts.anchor === null
      ? 'No anchor was found for this ledger when the pack was generated, so the chain is checked against its head only.'
      : `The anchor \`${facts.anchor.key}\` (sequence ${facts.anchor.sequence}, taken ${facts.anchor.anchoredAt}) is a write-once copy of the head kept outside the database (S3 Object Lock, compliance mode). Ask the operator to show you that object in the bucket: its key alone names the sequence and the hash.`;
  return `# Verifying this evidence pack

Tenant \`${facts.tenantId}\`, audit window ${facts.from} to ${facts.to} (tenant-local days, both included), generated
${facts.generatedAt}. Everything below uses standard tools only (GNU coreutils, OpenSSL, Node.js 18 or later).
Run the commands in the directory the pack was unzipped into.

## 1. Every file is what the manifest says

\`manifest.json\` lists every file with its SHA-256, its size, its row count and the query that produced it (what
was read, in terms you can re-run through the API). \`SHA256SUMS\` repeats the hashes, \`manifest.json\` included:

\`\`\`sh
sha256sum -c SHA256SUMS
\`\`\`

Every line must say \`OK\`. Without \`sha256sum\`, \`openssl dgst -sha256 <file>\` prints the same hash of one file.
The SHA-256 of this whole zip (\`sha256sum <the zip>\`) is recorded in the tenant's evidence ledger (entry kind
\`evidence.pack-generated\`, with the manifest's SHA-256), so a pack altered after generation no longer matches its
own ledger entry; the next pack's \`ledger/entries.jsonl\` holds that entry.

## 2. The ledger chain is unbroken, up to the head and the anchor

\`ledger/entries.jsonl\` holds the tenant's ledger entries, one JSON object per line as stored, from the first one
recorded in the window up to the head at generation (sequence ${facts.head.sequence}, hash \`${facts.head.hash}\`),
so that the chain runs unbroken to the head. \`ledger/head.json\` names the head, the anchor, and the entry the file
starts after (\`startsAfter\`: sequence 0 and 64 zeros when it starts at the first entry; otherwise the pack of the
previous window holds that entry, and its hash must be the same there).

How each entry's hashes are computed (shared/domain/ledger/hash-chain.ts of the product):

- *Canonical JSON*: object keys sorted (by UTF-16 code units) at every depth, fields whose value is undefined left
  out, no whitespace, strings and numbers as \`JSON.stringify\` writes them.
- \`payloadHash\` = SHA-256 (lower-case hex) of the canonical JSON of \`payload\`.
- \`hash\` = SHA-256 of the canonical JSON of the object \`{tenantId, sequence, occurredAt, recordedAt, actor, kind,
  payloadHash, previousHash}\`; when the entry has \`"format": 2\`, the object also holds \`format\`, \`actorRole\`,
  \`resource\`, \`contentBefore\`, \`contentAfter\` and \`requestId\` (those absent from the entry are left out).
- \`previousHash\` is the \`hash\` of the entry before; the first entry of a ledger points to 64 zeros. Sequences
  run 1, 2, 3… without gaps.

This command recomputes all of it and compares the last entry with the head and the anchor; it prints
\`OK <sequence> <hash>\` when everything matches:

\`\`\`sh
${CHAIN_CHECK_COMMAND}
\`\`\`

${anchor}

## 3. The samples can be drawn again

\`samples/*.csv\` are seeded random samples (reservoir sampling, xoroshiro128+ from the \`pure-rand\` library) over
the populations the manifest names, in the order it names. The manifest records the seed and each population's
size: generating the pack again for the same window with \`seed=<that seed>\` draws the same records, as long as
the population is unchanged (a contact past its retention is no longer kept, for one).
`;
}
