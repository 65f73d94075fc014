import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The five ports of a local system (API, bus, DynamoDB, S3, SES), for runs that must not collide with `npm start`. */
export async function freeSystemPorts() {
  const [http, events, dynamodb, s3, ses] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  return { http: http!, events: events!, dynamodb: dynamodb!, s3: s3!, ses: ses! };
}
