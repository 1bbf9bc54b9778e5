import { AnatomyImportError } from './import-error.ts';

/**
 * A minimal strict XML reader for the files our importers meet (SimVascular `.pth` and `.ctgr`):
 * elements, attributes in double or single quotes, self-closing tags, the `<?xml ?>`
 * declaration and other processing instructions, comments and CDATA. Text content is checked
 * for valid entities and then dropped, since none of these formats keeps data in it. DOCTYPE
 * declarations are refused rather than half-understood.
 *
 * Several top-level elements are accepted, because SimVascular writes a `<format/>` element
 * before the real root. Anything malformed or cut short throws an AnatomyImportError naming the
 * file and the line.
 */

export interface XmlElement {
  name: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** 1-based line of the element's start tag. */
  line: number;
}

const nameStart = /[A-Za-z_:]/;
const nameChar = /[A-Za-z0-9_:.-]/;
const whitespace = /[ \t\r\n]/;

/** Parses `text` into its top-level elements. `fileName` goes into every error. */
export function parseXml(text: string, fileName: string): XmlElement[] {
  return new XmlScanner(text, fileName).document();
}

class XmlScanner {
  private pos = 0;
  // Line counting moves forward with the scanner, so each position is counted once.
  private countedTo = 0;
  private countedLine = 1;
  private readonly text: string;
  private readonly fileName: string;

  constructor(text: string, fileName: string) {
    this.text = text;
    this.fileName = fileName;
  }

  document(): XmlElement[] {
    const roots: XmlElement[] = [];
    const open: XmlElement[] = [];
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < this.text.length) {
      const next = this.text.indexOf('<', this.pos);
      const textEnd = next === -1 ? this.text.length : next;
      this.checkText(this.pos, textEnd, open.length === 0);
      if (next === -1) break;
      this.pos = next;
      if (this.text.startsWith('<?', next)) this.skipPast('?>', 'processing instruction');
      else if (this.text.startsWith('<!--', next)) this.skipPast('-->', 'comment');
      else if (this.text.startsWith('<![CDATA[', next)) {
        if (open.length === 0) this.fail(next, 'CDATA outside any element');
        this.skipPast(']]>', 'CDATA section');
      } else if (this.text.startsWith('<!', next)) {
        this.fail(next, 'DOCTYPE and other <! declarations are not supported');
      } else if (this.text.startsWith('</', next)) {
        const closing = this.closingTag();
        const element = open.pop();
        if (!element) this.fail(next, `</${closing}> closes nothing: no element is open`);
        if (element.name !== closing) {
          this.fail(next, `</${closing}> does not match <${element.name}> opened on line ${element.line}`);
        }
      } else {
        const { element, selfClosing } = this.startTag();
        const parent = open[open.length - 1];
        if (parent) parent.children.push(element);
        else roots.push(element);
        if (!selfClosing) open.push(element);
      }
    }
    const unclosed = open[open.length - 1];
    if (unclosed) {
      this.fail(
        this.text.length,
        `the file ends before <${unclosed.name}> (opened on line ${unclosed.line}) is closed; is it cut short?`,
      );
    }
    if (roots.length === 0) this.fail(this.text.length, 'no XML element found; is the file empty?');
    return roots;
  }

  private checkText(start: number, end: number, outsideElements: boolean): void {
    for (let i = start; i < end; i++) {
      const char = this.text[i]!;
      if (outsideElements && !whitespace.test(char)) this.fail(i, `text "${this.snippet(i)}" outside any element`);
      if (char === '&') i = this.entityEnd(i) - 1;
    }
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.text.indexOf(terminator, this.pos);
    if (end === -1) this.fail(this.pos, `${what} is never closed with "${terminator}"`);
    this.pos = end + terminator.length;
  }

  private closingTag(): string {
    const start = this.pos;
    this.pos += 2;
    const name = this.name('closing tag');
    this.skipWhitespace();
    if (this.text[this.pos] !== '>') this.fail(start, `closing tag </${name}> has no ">"`);
    this.pos++;
    return name;
  }

  private startTag(): { element: XmlElement; selfClosing: boolean } {
    const start = this.pos;
    const line = this.lineAt(start);
    this.pos++;
    const name = this.name('tag');
    const attributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.skipWhitespace();
      if (this.pos >= this.text.length) this.fail(start, `the file ends inside the <${name}> tag`);
      if (this.text.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { element: { name, attributes, children: [], line }, selfClosing: true };
      }
      if (this.text[this.pos] === '>') {
        this.pos++;
        return { element: { name, attributes, children: [], line }, selfClosing: false };
      }
      if (!hadSpace)
        this.fail(this.pos, `<${name}>: expected a space, ">" or "/>" but found "${this.snippet(this.pos)}"`);
      const attributeAt = this.pos;
      const attribute = this.name(`attribute of <${name}>`);
      this.skipWhitespace();
      if (this.text[this.pos] !== '=') this.fail(this.pos, `<${name}> attribute ${attribute} has no "=" and value`);
      this.pos++;
      this.skipWhitespace();
      const quote = this.text[this.pos];
      if (quote !== '"' && quote !== "'") {
        this.fail(this.pos, `<${name}> attribute ${attribute}: the value must be in quotes`);
      }
      const valueStart = this.pos + 1;
      const valueEnd = this.text.indexOf(quote, valueStart);
      if (valueEnd === -1)
        this.fail(attributeAt, `<${name}> attribute ${attribute}: the value's quote is never closed`);
      const lessThan = this.text.indexOf('<', valueStart);
      if (lessThan !== -1 && lessThan < valueEnd) {
        this.fail(lessThan, `<${name}> attribute ${attribute}: "<" inside a value (is a quote missing?)`);
      }
      if (attributes.has(attribute)) this.fail(attributeAt, `<${name}> has the attribute ${attribute} twice`);
      attributes.set(attribute, this.decode(valueStart, valueEnd));
      this.pos = valueEnd + 1;
    }
  }

  private name(what: string): string {
    const start = this.pos;
    if (start >= this.text.length) this.fail(start, `the file ends where a ${what} name should be`);
    if (!nameStart.test(this.text[start]!))
      this.fail(start, `expected a ${what} name but found "${this.snippet(start)}"`);
    let end = start + 1;
    while (end < this.text.length && nameChar.test(this.text[end]!)) end++;
    this.pos = end;
    return this.text.slice(start, end);
  }

  private skipWhitespace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && whitespace.test(this.text[this.pos]!)) this.pos++;
    return this.pos > start;
  }

  /** Attribute value with the five predefined entities and character references replaced. */
  private decode(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    if (!raw.includes('&')) return raw;
    let decoded = '';
    let i = start;
    while (i < end) {
      const amp = this.text.indexOf('&', i);
      if (amp === -1 || amp >= end) {
        decoded += this.text.slice(i, end);
        break;
      }
      decoded += this.text.slice(i, amp);
      const close = this.entityEnd(amp);
      if (close > end) this.fail(amp, `an "&" in a value without its closing ";"`);
      decoded += this.entityText(amp, close);
      i = close;
    }
    return decoded;
  }

  /** Position just after the ";" of the entity starting at `amp`; fails if there is none nearby. */
  private entityEnd(amp: number): number {
    const semicolon = this.text.indexOf(';', amp);
    if (semicolon === -1 || semicolon - amp > 10) this.fail(amp, `an "&" without its closing ";"`);
    this.entityText(amp, semicolon + 1);
    return semicolon + 1;
  }

  private entityText(amp: number, end: number): string {
    const body = this.text.slice(amp + 1, end - 1);
    const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const named = predefined[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    const codePoint = numeric ? Number.parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10) : NaN;
    if (!(codePoint > 0 && codePoint <= 0x10ffff)) this.fail(amp, `unknown entity "&${body};"`);
    return String.fromCodePoint(codePoint);
  }

  private snippet(at: number): string {
    return this.text.slice(at, at + 20).split(/\r?\n/)[0]!;
  }

  private lineAt(position: number): number {
    if (position < this.countedTo) {
      this.countedTo = 0;
      this.countedLine = 1;
    }
    for (let i = this.countedTo; i < position; i++) if (this.text.charCodeAt(i) === 10) this.countedLine++;
    this.countedTo = position;
    return this.countedLine;
  }

  private fail(position: number, problem: string): never {
    throw new AnatomyImportError(this.fileName, this.lineAt(Math.min(position, this.text.length)), problem);
  }
}
