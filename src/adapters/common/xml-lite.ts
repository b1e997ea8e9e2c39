/**
 * A small, strict XML reader for record-shaped documents (Open311 GeoReport): elements, text,
 * CDATA, comments, processing instructions, the five predefined entities and character
 * references. No DTDs (a DOCTYPE is refused, so no entity expansion), no namespaces beyond
 * dropping a prefix, attributes read but not kept. Dedicated workers have no DOMParser.
 */
export interface XmlElement {
  /** Local name (a `prefix:` is dropped). */
  name: string;
  children: XmlElement[];
  /** The element's own text, entities decoded (text of child elements not included). */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at ${at}`);
    this.name = 'XmlError';
  }
}

const NAME = /^[A-Za-z_][\w.:-]*$/;
const MAX_DEPTH = 32;
const ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

function decode(text: string, at: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError('unterminated entity', at);
    const named = ENTITIES.get(ref);
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}))$/.exec(ref);
    if (!m) throw new XmlError(`unknown entity &${ref.slice(0, 12)};`, at);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) throw new XmlError('character reference out of range', at);
    return String.fromCodePoint(code);
  });
}

const localName = (name: string): string => name.slice(name.lastIndexOf(':') + 1);

/** The document's root element; throws XmlError when the text is not well-formed. */
export function parseXml(source: string): XmlElement {
  const s = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const stack: { raw: string; element: XmlElement }[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const appendText = (text: string, at: number) => {
    const top = stack[stack.length - 1];
    if (top) top.element.text += text;
    else if (text.trim() !== '') throw new XmlError('text outside the root element', at);
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      appendText(decode(s.slice(i), i), i);
      break;
    }
    if (lt > i) appendText(decode(s.slice(i, lt), i), i);
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlError('unterminated comment', lt);
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt + 9);
      if (end < 0 || stack.length === 0) throw new XmlError('misplaced CDATA', lt);
      appendText(s.slice(lt + 9, end), lt);
      i = end + 3;
    } else if (s.startsWith('<?', lt)) {
      const end = s.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlError('unterminated processing instruction', lt);
      i = end + 2;
    } else if (s.startsWith('<!', lt)) {
      throw new XmlError('DTDs are not accepted', lt);
    } else if (s.startsWith('</', lt)) {
      const end = s.indexOf('>', lt);
      if (end < 0) throw new XmlError('unterminated end tag', lt);
      const name = s.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.raw !== name) throw new XmlError(`unexpected </${name.slice(0, 32)}>`, lt);
      i = end + 1;
    } else {
      const end = findTagEnd(s, lt);
      const selfClosing = s[end - 1] === '/';
      const body = s.slice(lt + 1, selfClosing ? end - 1 : end);
      const m = /^([^\s/>]+)(\s[\s\S]*)?$/.exec(body);
      const raw = m?.[1] ?? '';
      if (!NAME.test(raw)) throw new XmlError('bad element name', lt);
      checkAttributes(m?.[2] ?? '', lt);
      const element: XmlElement = { name: localName(raw), children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.element.children.push(element);
      else if (root) throw new XmlError('a second root element', lt);
      else root = element;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) throw new XmlError('nested too deep', lt);
        stack.push({ raw, element });
      }
      i = end + 1;
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed <${stack[stack.length - 1]!.raw}>`, s.length);
  if (!root) throw new XmlError('no root element', 0);
  return root;
}

/** Index of the `>` that ends a start tag, skipping quoted attribute values. */
function findTagEnd(s: string, from: number): number {
  let quote: string | null = null;
  for (let j = from + 1; j < s.length; j += 1) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '<') break;
    else if (c === '>') return j;
  }
  throw new XmlError('unterminated start tag', from);
}

function checkAttributes(text: string, at: number): void {
  const rest = text.replace(
    /\s*([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/g,
    (_, __, value: string) => {
      decode(value.slice(1, -1), at);
      return '';
    },
  );
  if (rest.trim() !== '') throw new XmlError('bad attributes', at);
}
