import type { Actor } from '../audit/audit-log.ts';
import type { CrewsService } from '../crews/crews-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppEvent } from '../events/app-events.ts';
import { isUniqueViolation } from '../store/constraints.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { newId, nowIso } from '../store/ids.ts';
import type { ConnectionMessage, CrewConnection, MessagePage, SharedFile, SharedFileContent } from './connection.ts';
import { mediaTypeOf } from './media-types.ts';
import type { SharedFiles } from './shared-files.ts';

/** A message's text and its JSON payload, each at most this many bytes. */
const MAX_TEXT_BYTES = 64 * 1024;
const MAX_PAYLOAD_BYTES = 256 * 1024;
const DEFAULT_PAGE = 100;

interface ConnectionRow {
  id: string;
  purpose: string | null;
  status: 'active' | 'closed';
  last_seq: number;
  created_at: string;
  closed_at: string | null;
  from_id: string;
  from_slug: string;
  from_name: string;
  from_unread: number;
  to_id: string;
  to_slug: string;
  to_name: string;
  to_unread: number;
  last_message_at: string | null;
}

interface MessageRow {
  id: string;
  connection_id: string;
  seq: number;
  sender_crew_id: string;
  sender_slug: string | null;
  text: string;
  payload: string | null;
  sent_at: string;
}

/** Messages one crew has not read: those the other crew sent after its read position. */
const unread = (reader: string, sender: string) => `(SELECT COUNT(*) FROM crew_connection_messages m
  WHERE m.connection_id = k.id AND m.sender_crew_id = k.${sender}
    AND m.seq > COALESCE((SELECT r.read_seq FROM crew_connection_reads r WHERE r.connection_id = k.id AND r.crew_id = k.${reader}), 0))`;

const connectionQuery = `SELECT k.id, k.purpose, k.status, k.last_seq, k.created_at, k.closed_at,
    f.id AS from_id, f.slug AS from_slug, f.name AS from_name, ${unread('from_crew_id', 'to_crew_id')} AS from_unread,
    t.id AS to_id, t.slug AS to_slug, t.name AS to_name, ${unread('to_crew_id', 'from_crew_id')} AS to_unread,
    (SELECT m.sent_at FROM crew_connection_messages m WHERE m.connection_id = k.id ORDER BY m.seq DESC LIMIT 1) AS last_message_at
  FROM crew_connections k JOIN crews f ON f.id = k.from_crew_id JOIN crews t ON t.id = k.to_crew_id
  WHERE k.workspace_id = ?`;

function toConnection(row: ConnectionRow): CrewConnection {
  return {
    id: row.id,
    purpose: row.purpose,
    status: row.status,
    crews: [
      { id: row.from_id, slug: row.from_slug, name: row.from_name, unread: row.from_unread },
      { id: row.to_id, slug: row.to_slug, name: row.to_name, unread: row.to_unread },
    ],
    messageCount: row.last_seq,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    lastMessageAt: row.last_message_at,
  };
}

function toMessage(row: MessageRow): ConnectionMessage {
  return {
    id: row.id,
    connectionId: row.connection_id,
    seq: row.seq,
    senderCrewId: row.sender_crew_id,
    senderCrewSlug: row.sender_slug ?? row.sender_crew_id,
    text: row.text,
    payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
    sentAt: row.sent_at,
  };
}

/** What a message sent publishes; a core following another process's changes publishes the same. */
export function messageEvent(connectionId: string, detail: Record<string, unknown>): AppEvent {
  const payload = { connectionId, messageId: String(detail.messageId), seq: Number(detail.seq), senderCrewId: String(detail.senderCrewId) };
  return { name: 'connections.message', payload };
}

/**
 * Connections between two crews of the workspace: open, list and close them; send and read
 * messages in order, with each crew's unread count; and the shared files of each connection.
 */
export class ConnectionsService {
  private readonly ctx: DomainContext;
  private readonly crews: CrewsService;
  private readonly files: SharedFiles;

  constructor(ctx: DomainContext, crews: CrewsService, files: SharedFiles) {
    this.ctx = ctx;
    this.crews = crews;
    this.files = files;
    // A crew's (or, at the next start, a workspace's) deletion drops its connections' rows; their folders go too.
    this.removeFoldersOfDeleted();
    ctx.bus.on('crews.changed', ({ change }) => {
      if (change === 'deleted') this.removeFoldersOfDeleted();
    });
  }

  private removeFoldersOfDeleted(): void {
    // Across workspaces: every connection's folder sits under the one data directory.
    const exists = this.ctx.db.prepare('SELECT 1 FROM crew_connections WHERE id = ?').pluck();
    this.files.removeFoldersOfDeleted((id) => exists.get(id) !== undefined);
  }

  get maxFileBytes(): number {
    return this.files.maxFileBytes;
  }

  /** Throws `connection_file_too_large` for a file of `size` bytes over the limit (a door reading a raw body). */
  requireFileSize(size: number, path: string): void {
    this.files.requireSize(size, path);
  }

  list(input: { status?: 'active' | 'closed' | 'all' | undefined; crew?: string | undefined } = {}): CrewConnection[] {
    const status = input.status ?? 'all';
    const crewId = input.crew === undefined ? null : this.crews.get(input.crew).id;
    const rows = this.ctx.db
      .prepare(
        `${connectionQuery} AND (? = 'all' OR k.status = ?) AND (? IS NULL OR ? IN (k.from_crew_id, k.to_crew_id))
         ORDER BY k.status, k.created_at DESC, k.id`,
      )
      .all(this.ctx.workspaceId, status, status, crewId, crewId) as ConnectionRow[];
    return rows.map(toConnection);
  }

  get(id: string): CrewConnection {
    const row = this.ctx.db.prepare(`${connectionQuery} AND k.id = ?`).get(this.ctx.workspaceId, id) as ConnectionRow | undefined;
    if (!row) {
      throw new AppError(
        'connection_not_found',
        `There is no crew connection "${id.slice(0, 80)}".`,
        'List the connections with `crewship crew connections` (or open the Crews page); a connection is named by its id.',
      );
    }
    return toConnection(row);
  }

  create(input: { from: string; to: string; purpose?: string | undefined }, actor: Actor): CrewConnection {
    const from = this.crews.get(input.from);
    const to = this.crews.get(input.to);
    if (from.id === to.id) {
      throw new AppError('connection_self', `Crew "${from.name}" cannot connect to itself.`, 'Connect it to another crew.');
    }
    const id = newId('conn');
    const purpose = input.purpose === undefined || input.purpose === '' ? null : input.purpose;
    try {
      this.ctx.db.transaction(() => {
        this.ctx.db
          .prepare('INSERT INTO crew_connections (id, workspace_id, from_crew_id, to_crew_id, purpose, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, this.ctx.workspaceId, from.id, to.id, purpose, nowIso());
        this.ctx.audit.append(actor, 'connection.create', id, { fromCrewId: from.id, toCrewId: to.id });
      })();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = this.list({ status: 'active', crew: from.id }).find((connection) => connection.crews.some((crew) => crew.id === to.id));
      throw new AppError(
        'connection_exists',
        `Crews "${from.name}" and "${to.name}" are already connected${existing ? ` (${existing.id})` : ''}.`,
        'Use the connection they have, or close it before opening another.',
      );
    }
    this.ctx.bus.publish('connections.changed', { connectionId: id, change: 'created' });
    return this.get(id);
  }

  close(input: { connection: string }, actor: Actor): CrewConnection {
    const connection = this.get(input.connection);
    const closed = this.ctx.db.transaction(() => {
      const changes = this.ctx.db
        .prepare("UPDATE crew_connections SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'active'")
        .run(nowIso(), connection.id).changes;
      if (changes > 0) this.ctx.audit.append(actor, 'connection.close', connection.id, {});
      return changes > 0;
    })();
    if (!closed) throw connectionClosed(connection);
    this.ctx.bus.publish('connections.changed', { connectionId: connection.id, change: 'closed' });
    return this.get(connection.id);
  }

  /** One transaction takes the next sequence and stores the message, so concurrent senders never share or skip a number. */
  send(input: { connection: string; from: string; text: string; payload?: unknown }, actor: Actor): ConnectionMessage {
    const connection = this.get(input.connection);
    const sender = this.member(connection, input.from);
    if (connection.status === 'closed') throw connectionClosed(connection);
    const payload = input.payload === undefined ? null : JSON.stringify(input.payload);
    if (Buffer.byteLength(input.text) > MAX_TEXT_BYTES || (payload !== null && Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)) {
      throw new AppError(
        'connection_message_too_large',
        'The message is too large.',
        `Keep its text to ${MAX_TEXT_BYTES / 1024} KiB and its payload to ${MAX_PAYLOAD_BYTES / 1024} KiB; share anything larger as a file.`,
      );
    }
    const id = newId('msg');
    const seq = this.ctx.db
      .transaction(() => {
        const next = this.ctx.db
          .prepare("UPDATE crew_connections SET last_seq = last_seq + 1 WHERE id = ? AND status = 'active' RETURNING last_seq")
          .pluck()
          .get(connection.id) as number | undefined;
        // Closed by another process since it was read above.
        if (next === undefined) throw connectionClosed(connection);
        this.ctx.db
          .prepare('INSERT INTO crew_connection_messages (connection_id, seq, id, sender_crew_id, text, payload, actor, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(connection.id, next, id, sender, input.text, payload, actor, nowIso());
        this.ctx.audit.append(actor, 'connection.message', connection.id, { messageId: id, seq: next, senderCrewId: sender });
        return next;
      })
      .immediate();
    const event = messageEvent(connection.id, { messageId: id, seq, senderCrewId: sender });
    this.ctx.bus.publish(event.name, event.payload);
    return this.message(connection.id, seq);
  }

  /**
   * The messages after `since` (a message id; from the first without it), oldest first, `limit` at
   * a time. Read `as` one of the two crews, this also marks them read for that crew.
   */
  messages(input: { connection: string; since?: string | undefined; limit?: number | undefined; as?: string | undefined }, actor: Actor): MessagePage {
    const connection = this.get(input.connection);
    const reader = input.as === undefined ? undefined : this.member(connection, input.as);
    const after = input.since === undefined ? 0 : this.seqOf(connection.id, input.since);
    const limit = input.limit ?? DEFAULT_PAGE;
    const rows = this.ctx.db
      .prepare(`${messageQuery} WHERE m.connection_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`)
      .all(connection.id, after, limit + 1) as MessageRow[];
    const messages = rows.slice(0, limit).map(toMessage);
    const last = messages.at(-1);
    if (reader !== undefined && last !== undefined) this.markRead(connection.id, reader, last.seq, actor);
    return { messages, hasMore: rows.length > limit };
  }

  filesList(input: { connection: string }): SharedFile[] {
    return this.files.list(this.get(input.connection).id);
  }

  filesRead(input: { connection: string; path: string }): SharedFileContent {
    const connection = this.get(input.connection);
    const { file, bytes } = this.files.read(connection.id, input.path);
    return { ...file, content: bytes.toString('base64'), mediaType: mediaTypeOf(file.path) };
  }

  /** `content` is the file's bytes in base64 (`encoding: 'utf8'` for text as it is). */
  filesWrite(input: { connection: string; path: string; content: string; encoding?: 'base64' | 'utf8' | undefined }, actor: Actor): SharedFile {
    const connection = this.get(input.connection);
    this.files.check(input.path);
    if (connection.status === 'closed') throw connectionClosed(connection);
    const bytes = decodeContent(input.content, input.encoding ?? 'base64', (size) => this.files.requireSize(size, input.path));
    const file = this.files.write(connection.id, input.path, bytes);
    this.ctx.audit.append(actor, 'connection.file_write', connection.id, { path: file.path, size: file.size });
    this.ctx.bus.publish('connections.fileWritten', { connectionId: connection.id, path: file.path, size: file.size });
    return file;
  }

  /** The id of one of the connection's two crews, named by id or slug. */
  private member(connection: CrewConnection, ref: string): string {
    const crew = connection.crews.find((candidate) => candidate.id === ref || candidate.slug === ref);
    if (crew) return crew.id;
    const [a, b] = connection.crews;
    throw new AppError(
      'connection_crew_not_member',
      `Crew "${ref.slice(0, 80)}" is not on connection ${connection.id}, which joins ${a.slug} and ${b.slug}.`,
      `Send and read as ${a.slug} or ${b.slug}.`,
    );
  }

  private seqOf(connectionId: string, messageId: string): number {
    const seq = this.ctx.db
      .prepare('SELECT seq FROM crew_connection_messages WHERE connection_id = ? AND id = ?')
      .pluck()
      .get(connectionId, messageId) as number | undefined;
    if (seq !== undefined) return seq;
    throw new AppError(
      'connection_message_not_found',
      `There is no message "${messageId.slice(0, 80)}" on connection ${connectionId}.`,
      'Pass the id of a message read from this connection, or leave `since` out to read from the first.',
    );
  }

  private message(connectionId: string, seq: number): ConnectionMessage {
    const row = this.ctx.db.prepare(`${messageQuery} WHERE m.connection_id = ? AND m.seq = ?`).get(connectionId, seq) as MessageRow;
    return toMessage(row);
  }

  private markRead(connectionId: string, crewId: string, seq: number, actor: Actor): void {
    const moved = this.ctx.db.transaction(() => {
      const changes = this.ctx.db
        .prepare(
          `INSERT INTO crew_connection_reads (connection_id, crew_id, read_seq) VALUES (?, ?, ?)
           ON CONFLICT (connection_id, crew_id) DO UPDATE SET read_seq = excluded.read_seq WHERE excluded.read_seq > read_seq`,
        )
        .run(connectionId, crewId, seq).changes;
      if (changes > 0) this.ctx.audit.append(actor, 'connection.read', connectionId, { crewId, seq });
      return changes > 0;
    })();
    if (moved) this.ctx.bus.publish('connections.changed', { connectionId, change: 'read' });
  }
}

const messageQuery = `SELECT m.id, m.connection_id, m.seq, m.sender_crew_id, c.slug AS sender_slug, m.text, m.payload, m.sent_at
  FROM crew_connection_messages m LEFT JOIN crews c ON c.id = m.sender_crew_id`;

function connectionClosed(connection: CrewConnection): AppError {
  const [a, b] = connection.crews;
  return new AppError(
    'connection_closed',
    `The connection between ${a.slug} and ${b.slug} (${connection.id}) is closed.`,
    'Its messages and files can still be read; open a new connection to send or share more.',
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of `content`, its size refused before it is decoded when it is too large. */
function decodeContent(content: string, encoding: 'base64' | 'utf8', requireSize: (size: number) => void): Buffer {
  if (encoding === 'utf8') {
    requireSize(Buffer.byteLength(content));
    return Buffer.from(content, 'utf8');
  }
  requireSize(Math.floor((content.length * 3) / 4) - (content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0));
  if (!BASE64.test(content)) {
    throw new AppError(
      'connection_file_content_invalid',
      'The file’s content is not valid base64.',
      'Send the bytes in standard base64 (with padding), or text with `encoding: "utf8"`.',
    );
  }
  return Buffer.from(content, 'base64');
}
