/**
 * An incremental Server-Sent Events parser: feed it text as it arrives, get back the `data` of each
 * complete message. Comment lines (`: ping`) and fields other than `data` are ignored.
 */
export interface SseParser {
  push(chunk: string): string[];
}

export function createSseParser(): SseParser {
  let buffer = '';
  let dataLines: string[] = [];

  function takeLine(line: string, messages: string[]): void {
    if (line === '') {
      if (dataLines.length > 0) messages.push(dataLines.join('\n'));
      dataLines = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') dataLines.push(value);
  }

  return {
    push(chunk) {
      buffer += chunk;
      const messages: string[] = [];
      // A line ends at \n, \r\n or \r; a trailing \r may still become \r\n, so keep it for the next chunk.
      const lineEnd = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      for (let match = lineEnd.exec(buffer); match; match = lineEnd.exec(buffer)) {
        takeLine(buffer.slice(start, match.index), messages);
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
      return messages;
    },
  };
}
