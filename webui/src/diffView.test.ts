import { describe, expect, it } from "vitest";
import { diffStats, renderDiff, sideBySide } from "./diffView";
import { splitHighlighted } from "./highlight";

const parent = ["double reward(S s) {", "  double a = s.x;", '  record("a", a);', "  return a;", "}"].join("\n");
const child = [
  "double reward(S s) {",
  "  double a = 2 * s.x;",
  "  double b = s.v;",
  '  record("a", a);',
  "  return a + b;",
  "}",
].join("\n");

describe("sideBySide", () => {
  it("pairs removed and added lines row by row and keeps unchanged lines on both sides", () => {
    const rows = sideBySide(parent, child);
    expect(
      rows.map((r) => [r.left?.kind ?? "-", r.left?.number ?? 0, r.right?.kind ?? "-", r.right?.number ?? 0]),
    ).toEqual([
      ["same", 1, "same", 1],
      ["removed", 2, "added", 2],
      ["-", 0, "added", 3],
      ["same", 3, "same", 4],
      ["removed", 4, "added", 5],
      ["same", 5, "same", 6],
    ]);
    expect(rows[1].left!.text).toBe("  double a = s.x;");
    expect(rows[1].right!.text).toBe("  double a = 2 * s.x;");
    expect(diffStats(rows)).toEqual({ added: 3, removed: 2 });
  });

  it("shows identical programs as unchanged rows only", () => {
    const rows = sideBySide(parent, parent);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.left?.kind === "same" && r.right?.kind === "same")).toBe(true);
  });

  it("handles a trailing newline on one side only", () => {
    const rows = sideBySide("a\nb", "a\nb\n");
    expect(rows.map((r) => r.right?.text)).toContain("b");
  });
});

describe("renderDiff", () => {
  it("renders a table with line numbers, change classes and highlighted, escaped text", () => {
    const table = renderDiff(parent, child.replace("s.v", "s.v < 1 ? 1 : 0"));
    expect(table.dataset.added).toBe("3");
    expect(table.dataset.removed).toBe("2");
    const body = [...table.tBodies[0].rows];
    expect(body).toHaveLength(6);
    expect(body[1].classList.contains("changed")).toBe(true);
    expect(body[0].classList.contains("changed")).toBe(false);
    const [leftNum, leftCode, rightNum, rightCode] = [...body[1].cells];
    expect(leftNum.textContent).toBe("2");
    expect(leftCode.classList.contains("removed")).toBe(true);
    expect(rightNum.textContent).toBe("2");
    expect(rightCode.classList.contains("added")).toBe(true);
    expect(rightCode.textContent).toContain("double a = 2 * s.x;");
    expect(rightCode.querySelector(".hljs-type, .hljs-keyword")?.textContent).toBe("double");
    // The row with only an added line has empty cells on the parent's side.
    expect(body[2].cells[0].classList.contains("empty")).toBe(true);
    // "<" is text, never markup.
    expect(body[2].cells[3].textContent).toContain("s.v < 1 ? 1 : 0");
    expect(body[2].cells[3].querySelector("span.hljs")!.innerHTML).toContain("&lt;");
  });
});

describe("splitHighlighted", () => {
  it("closes and reopens a span that crosses a line break", () => {
    const html = 'a <span class="c">/* one\ntwo */</span> b\nc';
    expect(splitHighlighted(html)).toEqual(['a <span class="c">/* one</span>', '<span class="c">two */</span> b', "c"]);
  });
});
