/**
 * What the connections domain publishes: a connection opened or closed (or a crew's read position
 * moved, which changes unread counts), a message sent on one, a shared file written.
 */
export interface ConnectionEvents {
  'connections.changed': { connectionId: string | null; change: 'created' | 'closed' | 'read' };
  'connections.message': { connectionId: string; messageId: string; seq: number; senderCrewId: string };
  'connections.fileWritten': { connectionId: string; path: string; size: number };
}
