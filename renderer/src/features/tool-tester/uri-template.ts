/**
 * RFC 6570 URI templates (levels 1–3, and level 4's prefix modifier, with string values): the
 * variables a resource template names, and the URI it gives once they are filled in. Variables
 * left empty are left out, as the RFC says of undefined ones.
 */

interface Expression {
  operator: string;
  variables: { name: string; prefix: number | undefined }[];
}

const OPERATORS: Record<string, { first: string; separator: string; named: boolean; ifEmpty: string; allowReserved: boolean }> = {
  '': { first: '', separator: ',', named: false, ifEmpty: '', allowReserved: false },
  '+': { first: '', separator: ',', named: false, ifEmpty: '', allowReserved: true },
  '#': { first: '#', separator: ',', named: false, ifEmpty: '', allowReserved: true },
  '.': { first: '.', separator: '.', named: false, ifEmpty: '', allowReserved: false },
  '/': { first: '/', separator: '/', named: false, ifEmpty: '', allowReserved: false },
  ';': { first: ';', separator: ';', named: true, ifEmpty: '', allowReserved: false },
  '?': { first: '?', separator: '&', named: true, ifEmpty: '=', allowReserved: false },
  '&': { first: '&', separator: '&', named: true, ifEmpty: '=', allowReserved: false },
};

const EXPRESSION = /\{([^{}]*)\}/g;

function parse(body: string): Expression {
  const operator = body[0] !== undefined && body[0] in OPERATORS && body[0] !== '' ? body[0] : '';
  const list = operator ? body.slice(1) : body;
  return {
    operator,
    variables: list
      .split(',')
      .map((spec) => spec.trim())
      .filter(Boolean)
      .map((spec) => {
        const [name = '', prefix] = spec.replace(/\*$/, '').split(':');
        return { name, prefix: prefix === undefined ? undefined : Number(prefix) };
      }),
  };
}

/** The variable names, in the order they first appear. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(EXPRESSION)) {
    for (const variable of parse(match[1] ?? '').variables) if (!names.includes(variable.name)) names.push(variable.name);
  }
  return names;
}

export function expandTemplate(template: string, values: Record<string, string>): string {
  return template.replace(EXPRESSION, (_whole, body: string) => {
    const { operator, variables } = parse(body);
    const spec = OPERATORS[operator] ?? OPERATORS[''];
    if (!spec) return '';
    const parts = variables
      .filter((variable) => (values[variable.name] ?? '') !== '')
      .map((variable) => {
        const raw = values[variable.name] ?? '';
        const value = encode(variable.prefix === undefined ? raw : [...raw].slice(0, variable.prefix).join(''), spec.allowReserved);
        return spec.named ? `${variable.name}${value === '' ? spec.ifEmpty : `=${value}`}` : value;
      });
    return parts.length === 0 ? '' : `${spec.first}${parts.join(spec.separator)}`;
  });
}

/** Unreserved characters stay; reserved ones too where the operator allows them (+ and #); all else is percent-encoded. */
function encode(value: string, allowReserved: boolean): string {
  return [...value]
    .map((character) => {
      if (/[A-Za-z0-9\-._~]/.test(character)) return character;
      if (allowReserved && /[:/?#[\]@!$&'()*+,;=%]/.test(character)) return character;
      return encodeURIComponent(character).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    })
    .join('');
}
