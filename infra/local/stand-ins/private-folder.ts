import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Creates a folder (and any missing parents) that only its owner may enter, or tightens an existing one: the
 * stand-ins' data folders hold personal data (contacts, recordings, reports).
 */
export function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}
