// A side-by-side diff of a candidate's program against its parent's: jsdiff finds the changed lines, this pairs
// removed and added runs row by row (parent on the left, candidate on the right) and renders them as a table
// with line numbers and Java highlighting.
import { diffLines } from "diff";
import { h } from "./dom";
import { highlightJavaLines } from "./highlight";

export type Side = { number: number; text: string; kind: "same" | "removed" | "added" } | null;

/** One row of the side-by-side view: a line of the parent, of the candidate, or both (unchanged). */
export interface DiffRow {
  left: Side;
  right: Side;
}

function linesOf(value: string): string[] {
  const trimmed = value.endsWith("\n") ? value.slice(0, -1) : value;
  return trimmed.split("\n");
}

/** The rows of a side-by-side diff; a changed run pairs its removed and added lines, padding the shorter side. */
export function sideBySide(parent: string, candidate: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  let removed: string[] = [];
  let added: string[] = [];
  const flush = (): void => {
    const n = Math.max(removed.length, added.length);
    for (let i = 0; i < n; i++) {
      rows.push({
        left: i < removed.length ? { number: left++, text: removed[i], kind: "removed" } : null,
        right: i < added.length ? { number: right++, text: added[i], kind: "added" } : null,
      });
    }
    removed = [];
    added = [];
  };
  for (const change of diffLines(parent, candidate)) {
    const lines = linesOf(change.value);
    if (change.removed) removed.push(...lines);
    else if (change.added) added.push(...lines);
    else {
      flush();
      for (const text of lines) {
        rows.push({
          left: { number: left++, text, kind: "same" },
          right: { number: right++, text, kind: "same" },
        });
      }
    }
  }
  flush();
  return rows;
}

/** How many lines the candidate adds and removes. */
export function diffStats(rows: readonly DiffRow[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const row of rows) {
    if (row.left?.kind === "removed") removed++;
    if (row.right?.kind === "added") added++;
  }
  return { added, removed };
}

/**
 * The diff as a table (`table.diff`): per row the parent's line number and text, then the candidate's; rows with
 * a change are `tr.changed`, cells `td.removed` / `td.added` / `td.empty`. Text is highlighted as Java.
 */
export function renderDiff(parent: string, candidate: string): HTMLTableElement {
  const rows = sideBySide(parent, candidate);
  const leftHtml = highlightJavaLines(parent);
  const rightHtml = highlightJavaLines(candidate);
  const body = h("tbody");
  for (const row of rows) {
    const changed = row.left?.kind !== "same" || row.right?.kind !== "same";
    body.append(
      h(
        "tr",
        { class: changed ? "changed" : null },
        ...cells(row.left, leftHtml, "parent"),
        ...cells(row.right, rightHtml, "candidate"),
      ),
    );
  }
  const stats = diffStats(rows);
  return h(
    "table",
    { class: "diff", "data-added": stats.added, "data-removed": stats.removed },
    h("caption", { class: "visually-hidden" }, `Parent program on the left, this candidate on the right`),
    h(
      "colgroup",
      {},
      h("col", { class: "diff-num" }),
      h("col", { class: "diff-code" }),
      h("col", { class: "diff-num" }),
      h("col", { class: "diff-code" }),
    ),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col", colspan: 2 }, "Parent"),
        h("th", { scope: "col", colspan: 2 }, `This candidate (+${stats.added} \u2212${stats.removed})`),
      ),
    ),
    body,
  );
}

function cells(side: Side, html: readonly string[], which: string): HTMLTableCellElement[] {
  if (side === null) return [h("td", { class: "num empty" }), h("td", { class: "code empty" })];
  const code = h("td", { class: `code ${side.kind}`, "data-side": which });
  // highlight.js escapes the text; fall back to plain text if the line split disagrees with jsdiff's.
  const line = html[side.number - 1];
  const marker = side.kind === "added" ? "+" : side.kind === "removed" ? "\u2212" : " ";
  code.append(h("span", { class: "diff-marker", "aria-hidden": "true" }, marker));
  const text = h("span", { class: "hljs" });
  if (line !== undefined) text.innerHTML = line;
  else text.textContent = side.text;
  code.append(text);
  if (side.kind !== "same")
    code.prepend(h("span", { class: "visually-hidden" }, side.kind === "added" ? "added: " : "removed: "));
  return [h("td", { class: `num ${side.kind}` }, String(side.number)), code];
}
