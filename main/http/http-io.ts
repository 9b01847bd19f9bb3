import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AppError, httpStatusOf, toErrorBody } from '../errors/app-error.ts';
import { requireJsonDepth } from '../errors/json-depth.ts';

// What both listeners (the operator's host, the agents' endpoint) read and answer alike: bounded JSON bodies, envelopes, closing.

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.', 'Send the input as a JSON object.');
  }
  requireJsonDepth(body, 'The request body');
  return body;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  // Serialised before the head is written, so that a value that cannot be still leaves room for the error.
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  const status = httpStatusOf(error);
  // A refused body is not read to its end: close the connection rather than drain it.
  if (status === 413) res.setHeader('connection', 'close');
  sendJson(res, status, { ok: false, error: toErrorBody(error) });
}

function tooLarge(limit: number): AppError {
  return new AppError(
    'body_too_large',
    `The request body is larger than ${Math.round(limit / 1024)} KiB.`,
    'Send less data in one request.',
  );
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
