// Java syntax highlighting with highlight.js's core and only its Java grammar, to keep app.js small. Source text
// becomes HTML only here, through highlight.js, which escapes everything it does not wrap in its own spans.
import hljs from "highlight.js/lib/core";
import java from "highlight.js/lib/languages/java";

hljs.registerLanguage("java", java);

/** Puts `source` into `code` as highlighted Java and marks it with the classes highlight.js themes expect. */
export function highlightJava(code: HTMLElement, source: string): void {
  code.innerHTML = hljs.highlight(source, { language: "java", ignoreIllegals: true }).value;
  code.classList.add("hljs", "language-java");
}

/**
 * `source` highlighted as Java and cut into one HTML string per line: a highlight.js span that crosses a line
 * break (a block comment, a text block) is closed at the end of the line and reopened on the next, so each line
 * stands alone (line numbers, diff rows, links to a problem's line).
 */
export function highlightJavaLines(source: string): string[] {
  const html = hljs.highlight(source, { language: "java", ignoreIllegals: true }).value;
  return splitHighlighted(html);
}

/** Splits highlight.js HTML at newlines, keeping spans balanced on every line. */
export function splitHighlighted(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = "";
  const token = /<span[^>]*>|<\/span>|\n|[^<\n]+/g;
  for (const match of html.matchAll(token)) {
    const t = match[0];
    if (t === "\n") {
      lines.push(line + "</span>".repeat(open.length));
      line = open.join("");
    } else if (t === "</span>") {
      open.pop();
      line += t;
    } else if (t.startsWith("<span")) {
      open.push(t);
      line += t;
    } else {
      line += t;
    }
  }
  lines.push(line + "</span>".repeat(open.length));
  return lines;
}
