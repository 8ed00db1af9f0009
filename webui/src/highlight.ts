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
