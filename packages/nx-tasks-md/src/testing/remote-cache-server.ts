/**
 * A self-hosted Nx remote cache on loopback, speaking Nx's OpenAPI cache protocol (Nx >= 20.8,
 * `NX_SELF_HOSTED_REMOTE_CACHE_SERVER`): `PUT /v1/cache/{hash}` stores a tar body once (409 when the
 * hash exists), `GET /v1/cache/{hash}` returns it (404 when absent), both behind a Bearer token.
 * Entries live in memory. No maintained npm package implements this server side (the maintained
 * servers are Go or Docker images), hence this small one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CacheRequest {
  method: string;
  hash: string;
  status: number;
}

export interface RemoteCacheServer {
  /** `http://127.0.0.1:<port>`, for NX_SELF_HOSTED_REMOTE_CACHE_SERVER. */
  url: string;
  /** For NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN. */
  token: string;
  /** Every request in arrival order. */
  requests: CacheRequest[];
  /** Hashes stored so far. */
  hashes(): string[];
  /** Environment that points an nx process at this server. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const CACHE_PATH = /^\/v1\/cache\/([^/?#]+)$/;

export async function startRemoteCacheServer(token: string): Promise<RemoteCacheServer> {
  const entries = new Map<string, Buffer>();
  const requests: CacheRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = CACHE_PATH.exec(req.url ?? '');
    const answer = (status: number, body?: Buffer | string) => {
      if (match) requests.push({ method: req.method ?? '', hash: decodeURIComponent(match[1]), status });
      res.statusCode = status;
      if (Buffer.isBuffer(body)) res.setHeader('Content-Type', 'application/octet-stream');
      else if (body !== undefined) res.setHeader('Content-Type', 'text/plain');
      res.end(body);
    };
    const body = await readBody(req);
    if (!match) return answer(404, 'not found');
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, 'missing or invalid token');
    const hash = decodeURIComponent(match[1]);
    if (req.method === 'GET') {
      const entry = entries.get(hash);
      return entry ? answer(200, entry) : answer(404, 'no such entry');
    }
    if (req.method === 'PUT') {
      if (entries.has(hash)) return answer(409, 'cannot override an existing record');
      entries.set(hash, body);
      return answer(200);
    }
    return answer(405, 'method not allowed');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      res.statusCode = 500;
      res.end(error.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    requests,
    hashes: () => [...entries.keys()],
    env: () => ({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
