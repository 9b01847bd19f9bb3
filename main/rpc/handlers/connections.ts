import type { ConnectionsService } from '../../connections/connections-service.ts';
import type { connectionMethods } from '../methods/connections.ts';
import type { HandlersOf } from '../router.ts';

export function connectionHandlers(connections: ConnectionsService): HandlersOf<keyof typeof connectionMethods> {
  return {
    'connections.list': (input) => connections.list(input),
    'connections.get': ({ connection }) => connections.get(connection),
    'connections.create': (input, { actor }) => connections.create(input, actor),
    'connections.close': (input, { actor }) => connections.close(input, actor),
    'connections.messages.send': (input, { actor }) => connections.send(input, actor),
    'connections.messages.list': (input, { actor }) => connections.messages(input, actor),
    'connections.files.list': (input) => connections.filesList(input),
    'connections.files.read': (input) => connections.filesRead(input),
    'connections.files.write': (input, { actor }) => connections.filesWrite(input, actor),
  };
}
