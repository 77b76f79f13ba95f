import { type Document, LineCounter, parseDocument, visit, type YAMLError } from "yaml";

/** A YAML syntax error, put the way a content author can act on it. */
export interface SyntaxProblem {
  line: number;
  message: string;
}

/** A parsed YAML text that can say on which line any field of it stands. */
export class YamlSource {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  /** `firstLine` shifts reported lines, for YAML embedded further down a file (front matter). */
  constructor(
    private readonly text: string,
    private readonly firstLine = 1,
  ) {
    // prettyErrors would append "at line L, column C:" and a code frame to every message.
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      uniqueKeys: true,
      prettyErrors: false,
    });
  }

  /**
   * The first syntax error, or null. Only the first: the parser's later errors are mostly
   * follow-ons of it (one tab can yield dozens), and they change once it is fixed.
   */
  get syntaxError(): SyntaxProblem | null {
    const known = this.doc.errors.filter((e) => e.pos[0] >= 0);
    const first = known.reduce<YAMLError | undefined>(
      (a, e) => (a && a.pos[0] <= e.pos[0] ? a : e),
      undefined,
    );
    if (first) return this.explain(first);
    const unplaced = this.doc.errors[0];
    return unplaced ? { line: this.firstLine, message: headline(unplaced.message) } : null;
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** The line of the node at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly PropertyKey[]): number {
    const keys = path.filter((k) => typeof k !== "symbol");
    for (let depth = keys.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(keys.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (range) return this.lineAt(range[0]);
    }
    return this.firstLine;
  }

  private lineAt(offset: number): number {
    return this.lines.linePos(offset).line + this.firstLine - 1;
  }

  /** The text of the file's line `line` (a line number as reported, not as parsed). */
  private textOf(line: number): string {
    return this.text.split("\n")[line - this.firstLine] ?? "";
  }

  private explain(error: YAMLError): SyntaxProblem {
    const [start] = error.pos;
    const line = this.lineAt(start);
    const here = this.textOf(line);
    const message = headline(error.message);

    if (error.code === "TAB_AS_INDENT" || /^ *\t/.test(here)) {
      return { line, message: "this line is indented with a tab; indent with spaces" };
    }
    if (message.startsWith("Nested mappings are not allowed")) {
      // `prompt: a: b` puts a colon in a plain value; otherwise the next line is indented
      // under a plain value, as if it were a field of it.
      const rest = this.text.slice(start).split("\n")[0] ?? "";
      if (/:(\s|$)/.test(rest)) {
        return { line, message: 'a value holding ": " must be in quotes' };
      }
      const next = this.nextLineWithText(line);
      return { line: next, message: "this line is indented further than the line above" };
    }
    if (error.code === "DUPLICATE_KEY") {
      const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^:\n]*?)(?=\s*:)/.exec(this.text.slice(start))?.[0];
      return {
        line,
        message: `${key ? `"${key.replace(/^["']|["']$/g, "")}"` : "a key"} appears twice`,
      };
    }
    const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
    if (quote) {
      const type = quote === '"' ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
      const opened = this.lastNodeBefore(start, (n) => "type" in n && n.type === type);
      return { line: opened ?? line, message: `the ${quote} quote opened here is never closed` };
    }
    const bracket = /must be sufficiently indented and end with a ([\]}])$/.exec(message)?.[1];
    if (bracket) {
      const open = bracket === "]" ? "[" : "{";
      const opened = this.lastNodeBefore(start, (n) => "flow" in n && n.flow === true);
      return {
        line: opened ?? line,
        message: `the ${open} opened here needs a closing ${bracket}`,
      };
    }
    if (message === "Unexpected scalar at node end" && /["']\s*$/.test(this.text.slice(0, start))) {
      return {
        line,
        message: "unexpected text after the closing quote (inside '...' write a ' as '')",
      };
    }
    if (
      (error.code === "MULTILINE_IMPLICIT_KEY" || error.code === "MISSING_CHAR") &&
      /Implicit (map )?keys need/.test(message) &&
      !/:(\s|$)/.test(here)
    ) {
      return { line, message: 'this line needs a ": " after its field name' };
    }
    return { line, message };
  }

  private nextLineWithText(line: number): number {
    const all = this.text.split("\n");
    for (let i = line - this.firstLine + 1; i < all.length; i++) {
      if ((all[i] ?? "").trim()) return i + this.firstLine;
    }
    return line;
  }

  /** The line of the last node that starts before `offset` and matches `test`. */
  private lastNodeBefore(offset: number, test: (node: object) => boolean): number | null {
    let best = -1;
    const check = (node: { range?: [number, number, number] | null }) => {
      const from = node.range?.[0];
      if (from !== undefined && from < offset && from > best && test(node)) best = from;
    };
    visit(this.doc, {
      Scalar: (_, node) => check(node),
      Seq: (_, n) => check(n),
      Map: (_, n) => check(n),
    });
    return best >= 0 ? this.lineAt(best) : null;
  }
}

function headline(text: string): string {
  return text.split("\n")[0] ?? text;
}
