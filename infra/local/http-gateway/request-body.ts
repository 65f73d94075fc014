import type { IncomingMessage } from 'node:http';

/** API Gateway's payload quota for HTTP APIs. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The request body is larger than the gateway accepts (the caller gets 413). */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/**
 * Reads the whole body, refusing it as soon as it passes `maxBytes`: up front when `content-length` says so,
 * otherwise while streaming, so an oversized upload is never held in memory.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new PayloadTooLargeError(`body of ${declared} bytes exceeds ${maxBytes}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        request.off('data', onData);
        reject(new PayloadTooLargeError(`body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
