import { z } from 'zod';
import type { ConnectionMessage, CrewConnection, MessagePage, SharedFile, SharedFileContent } from '../../connections/connection.ts';
import { method, reference } from '../method.ts';

const connection = z.string({ error: 'a connection id is required' }).trim().min(1, 'a connection id is required').max(200);
/** Checked in full by the service (NUL, `..`, absolute, length), which words each refusal. */
const sharedPath = z.string({ error: 'a path is required' }).max(4096, 'a path has at most 4096 characters');

export const connectionMethods = {
  'connections.list': method<CrewConnection[]>()(
    z.object({ status: z.enum(['active', 'closed', 'all']).optional(), crew: reference.optional() }).strict(),
    'List crew connections (all by default, or active or closed ones), optionally of one crew.',
  ),
  'connections.get': method<CrewConnection>()(z.object({ connection }).strict(), 'One crew connection by id, with each crew’s unread count.'),
  'connections.create': method<CrewConnection>()(
    z.object({ from: reference, to: reference, purpose: z.string().trim().max(500, 'a purpose has at most 500 characters').optional() }).strict(),
    'Connect two crews (by id or slug), with an optional purpose.',
  ),
  'connections.close': method<CrewConnection>()(z.object({ connection }).strict(), 'Close a connection; its messages and files stay readable.'),
  'connections.messages.send': method<ConnectionMessage>()(
    z
      .object({
        connection,
        from: reference,
        text: z.string({ error: 'a message needs text' }).min(1, 'a message needs text'),
        payload: z.json().optional(),
      })
      .strict(),
    'Send a message on an active connection as one of its crews, with an optional JSON payload.',
  ),
  'connections.messages.list': method<MessagePage>()(
    z
      .object({
        connection,
        since: z.string().trim().min(1).max(200).optional(),
        limit: z.coerce.number().int().min(1).max(500).optional(),
        as: reference.optional(),
      })
      .strict(),
    'Read a connection’s messages in order after `since` (a message id); read `as` a crew, they are marked read for it.',
  ),
  'connections.files.list': method<SharedFile[]>()(z.object({ connection }).strict(), 'List a connection’s shared files with their size and modification time.'),
  'connections.files.read': method<SharedFileContent>()(
    z.object({ connection, path: sharedPath }).strict(),
    'Read one shared file by its path relative to the connection’s folder (its bytes in base64).',
  ),
  'connections.files.write': method<SharedFile>()(
    z.object({ connection, path: sharedPath, content: z.string(), encoding: z.enum(['base64', 'utf8']).optional() }).strict(),
    'Write one shared file (content in base64, or text with encoding utf8) on an active connection; it replaces the file whole.',
  ),
} as const;
