/** An element of a parsed XML document: its attributes (entities decoded), children and text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  return text.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name !== undefined && name in ENTITIES) return ENTITIES[name] as string;
    if (name !== undefined && /^#(\d+|x[0-9a-f]+)$/i.test(name)) return String.fromCodePoint(Number(name.startsWith('#x') ? `0x${name.slice(2)}` : name.slice(1)));
    throw new Error(`XML: a bare or unknown entity ${whole} near offset ${where}`);
  });
}

/**
 * A strict reader of the XML this console writes (JUnit reports): a declaration, one root, elements
 * with quoted attributes, text; it throws on anything not well-formed (an unclosed or mismatched
 * tag, a bare `&` or `<`, a duplicate attribute, text after the root). No DTDs, comments or CDATA.
 */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let match: RegExpExecArray | null;
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    match = token.exec(text);
    if (!match) throw new Error(`XML: not well-formed at offset ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    const [, closing, opening, attributeText, selfClosing, characters] = match;
    if (characters !== undefined) {
      if (stack.length === 0) {
        if (characters.trim() !== '') throw new Error(`XML: text outside the root at offset ${at}`);
        continue;
      }
      (stack.at(-1) as XmlElement).text += decode(characters, at);
    } else if (closing !== undefined) {
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`XML: </${closing}> closes <${open?.name ?? 'nothing'}> at offset ${at}`);
    } else {
      if (root && stack.length === 0) throw new Error(`XML: a second root <${opening}> at offset ${at}`);
      const attributes: Record<string, string> = {};
      for (const [, name, value] of (attributeText ?? '').matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
        if (Object.hasOwn(attributes, name as string)) throw new Error(`XML: attribute ${name} twice at offset ${at}`);
        attributes[name as string] = decode(value as string, at);
      }
      const element: XmlElement = { name: opening as string, attributes, children: [], text: '' };
      stack.at(-1)?.children.push(element);
      root ??= element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`XML: <${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}
