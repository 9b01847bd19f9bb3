/**
 * What the connections domain hands to the doors: plain data, no Node types, since the contract
 * names these and its types reach the renderer.
 */
interface ConnectionCrew {
  id: string;
  slug: string;
  name: string;
  /** Messages the other crew sent that this crew has not read yet. */
  unread: number;
}

export interface CrewConnection {
  id: string;
  purpose: string | null;
  status: 'active' | 'closed';
  /** The crew that opened the connection, then the crew it connected to. */
  crews: [ConnectionCrew, ConnectionCrew];
  messageCount: number;
  createdAt: string;
  closedAt: string | null;
  lastMessageAt: string | null;
}

export interface ConnectionMessage {
  id: string;
  connectionId: string;
  /** 1, 2, 3…: the order the connection received them in. */
  seq: number;
  senderCrewId: string;
  senderCrewSlug: string;
  text: string;
  payload: unknown;
  sentAt: string;
}

export interface MessagePage {
  messages: ConnectionMessage[];
  /** True when more messages follow the last one returned: ask again with `since` set to its id. */
  hasMore: boolean;
}

export interface SharedFile {
  /** Relative to the connection's folder, with forward slashes. */
  path: string;
  size: number;
  modifiedAt: string;
}

export interface SharedFileContent extends SharedFile {
  /** The bytes, base64. */
  content: string;
  /** A guess from the name (text/markdown, application/json, image/png…), for previews. */
  mediaType: string;
}
