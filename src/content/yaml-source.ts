import { type Document, LineCounter, parseDocument } from "yaml";

/** A parsed YAML text that can say on which line any field of it stands. */
export class YamlSource {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  /** `firstLine` shifts reported lines, for YAML embedded further down a file (front matter). */
  constructor(
    text: string,
    private readonly firstLine = 1,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
  }

  get syntaxErrors(): { line: number; message: string }[] {
    return this.doc.errors.map((e) => ({
      line: (e.linePos?.[0]?.line ?? 1) + this.firstLine - 1,
      message: e.message.split("\n")[0] ?? e.message,
    }));
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
      if (range) return this.lines.linePos(range[0]).line + this.firstLine - 1;
    }
    return this.firstLine;
  }
}
