import type { ImportProgress, ImportSummary } from './import-contacts.js';

const n = (value: number) => value.toLocaleString('en-GB');

/** One progress line: throughput and counts so far. */
export function progressLine(p: ImportProgress): string {
  return (
    `${n(p.lines)} lines, ${n(p.linesPerSecond)} lines/s: imported ${n(p.imported)}, duplicates ` +
    `${n(p.duplicates)}, skipped ${n(p.skipped)}, rejected ${n(p.rejected)}`
  );
}

/** The closing summary, for people. */
export function summaryText(s: ImportSummary): string {
  const out = [
    `Read ${n(s.lines)} line${s.lines === 1 ? '' : 's'} in ${(s.elapsedMs / 1000).toFixed(1)} s (${n(s.linesPerSecond)} lines/s)`,
    `  imported    ${n(s.imported)}`,
    `  duplicates  ${n(s.duplicates)}  (already recorded: re-running an import changes nothing)`,
    `  skipped     ${n(s.skipped)}  (not customer contacts that are counted)`,
    `  rejected    ${n(s.rejected)}`,
  ];
  if (s.recordingsAnnounced > 0)
    out.push(
      `  recordings  ${n(s.recordingsAnnounced)}  (announced with recording.available: ingest-recording copies them)`,
    );
  for (const [reason, count] of Object.entries(s.skippedReasons)) out.push(`    skipped ${n(count)}: ${reason}`);
  if (s.rejections.length > 0) {
    const shown = s.rejections.length < s.rejected ? ` (first ${s.rejections.length} of ${n(s.rejected)})` : '';
    out.push(`Rejected lines${shown}:`);
    for (const r of s.rejections) out.push(`  line ${r.line}: ${r.reason}`);
  }
  return out.join('\n');
}

/**
 * Writes progress to standard error without flooding it: on a terminal one line rewritten in place, elsewhere (a log
 * file, CI) a new line at most every `everyMs`.
 */
export function progressWriter(stream: NodeJS.WriteStream, everyMs = 5_000) {
  let last = 0;
  return {
    update(p: ImportProgress) {
      if (stream.isTTY) stream.write(`\r${progressLine(p)}\u001b[K`);
      else if (p.elapsedMs - last >= everyMs) {
        last = p.elapsedMs;
        stream.write(`${progressLine(p)}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
