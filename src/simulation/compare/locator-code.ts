/**
 * Reads back the Playwright statements each recorded step carries
 * (`await page.getByRole('button', { name: 'Save' }).click();`), so a run can be replayed on
 * another build of the app by its locators. A small parser of the statement shapes the driver
 * writes (see browser/action-code.ts), never `eval`: the text comes from a report.
 */

/** A literal argument: string, number, boolean, or an object/array of them. */
export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/** One call in a chain: `getByRole('button', { name: 'Save' })` → `{ name: 'getByRole', args }`. */
export interface Call {
  name: string;
  args: Literal[];
}

/** What a statement does, in the terms replay needs. */
export type Statement =
  | { kind: 'navigate'; url: string }
  | { kind: 'go_back' }
  | { kind: 'keyboard'; key: string }
  | { kind: 'wait_for'; text?: string; textGone?: string }
  | { kind: 'target'; locator: Call[]; method: string; args: Literal[] };

/** Parses one recorded statement, or returns null for a shape replay does not know. */
export function parseStatement(code: string): Statement | null {
  const text = code.trim().replace(/;$/, '');
  try {
    if (text.startsWith('await expect(')) return parseExpectation(text);
    const parser = new Parser(text.replace(/^await\s+/, ''));
    const root = parser.identifier();
    if (root !== 'page') return null;
    const calls = parser.chain();
    parser.end();
    return fromChain(calls);
  } catch {
    return null;
  }
}

function fromChain(calls: Call[]): Statement | null {
  const [first] = calls;
  if (!first) return null;
  if (first.name === 'goto' && typeof first.args[0] === 'string') {
    return { kind: 'navigate', url: first.args[0] };
  }
  if (first.name === 'goBack') return { kind: 'go_back' };
  if (first.name === 'keyboard') {
    const key = calls[1]?.name === 'press' ? calls[1].args[0] : undefined;
    return typeof key === 'string' ? { kind: 'keyboard', key } : null;
  }
  const last = calls.at(-1);
  if (!last || calls.length < 2) return null;
  return { kind: 'target', locator: calls.slice(0, -1), method: last.name, args: last.args };
}

/** `await expect(page.getByText('Saved').first()).toBeVisible()` → wait for that text. */
function parseExpectation(text: string): Statement | null {
  const match =
    /^await expect\(page\.getByText\((.+?)\)(?:\.first\(\))?\)\.(toBeVisible\(\)|toHaveCount\(0\))$/.exec(
      text,
    );
  if (!match?.[1]) return null;
  const value = new Parser(match[1]).literal();
  if (typeof value !== 'string') return null;
  return match[2] === 'toBeVisible()'
    ? { kind: 'wait_for', text: value }
    : { kind: 'wait_for', textGone: value };
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  end(): void {
    this.space();
    if (this.at !== this.text.length) throw new Error(`unexpected "${this.text.slice(this.at)}"`);
  }

  identifier(): string {
    this.space();
    const match = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at));
    if (!match) throw new Error('identifier expected');
    this.at += match[0].length;
    return match[0];
  }

  /** `.a(…).b.c(…)`: property reads become calls without arguments. */
  chain(): Call[] {
    const calls: Call[] = [];
    while (this.peek() === '.') {
      this.at += 1;
      const name = this.identifier();
      const args = this.peek() === '(' ? this.argumentList() : [];
      calls.push({ name, args });
    }
    return calls;
  }

  private argumentList(): Literal[] {
    this.expect('(');
    const args: Literal[] = [];
    while (this.peek() !== ')') {
      args.push(this.literal());
      if (this.peek() === ',') this.at += 1;
    }
    this.expect(')');
    return args;
  }

  literal(): Literal {
    const c = this.peek();
    if (c === "'" || c === '"') return this.string(c);
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    const word = /^(-?\d+(\.\d+)?|true|false|null)/.exec(this.text.slice(this.at));
    if (!word) throw new Error('literal expected');
    this.at += word[0].length;
    if (word[0] === 'true' || word[0] === 'false') return word[0] === 'true';
    return word[0] === 'null' ? null : Number(word[0]);
  }

  private string(quote: string): string {
    this.at += 1;
    let out = '';
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
    while (this.at < this.text.length) {
      const c = this.text[this.at++]!;
      if (c === quote) return out;
      if (c === '\\') {
        const next = this.text[this.at++] ?? '';
        out += escapes[next] ?? next;
      } else out += c;
    }
    throw new Error('unterminated string');
  }

  private object(): Literal {
    this.expect('{');
    const out: Record<string, Literal> = {};
    while (this.peek() !== '}') {
      const c = this.peek();
      const key = c === "'" || c === '"' ? this.string(c) : this.identifier();
      this.expect(':');
      out[key] = this.literal();
      if (this.peek() === ',') this.at += 1;
    }
    this.expect('}');
    return out;
  }

  private array(): Literal {
    this.expect('[');
    const out: Literal[] = [];
    while (this.peek() !== ']') {
      out.push(this.literal());
      if (this.peek() === ',') this.at += 1;
    }
    this.expect(']');
    return out;
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw new Error(`"${c}" expected`);
    this.at += 1;
  }

  private peek(): string {
    this.space();
    return this.text[this.at] ?? '';
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
  }
}
