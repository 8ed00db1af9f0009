import { describe, expect, it } from "vitest";
import type { ComparisonSummary, Preference } from "./api";
import { groupPreferences, intervalText, renderPreferences } from "./preferencesView";
import { canVote, recentComments, stageHeight } from "./pages/vote";

function pref(candidate: string, iteration: number, strength: number, restart = 0): Preference {
  return {
    candidate,
    restart,
    iteration,
    strength,
    low: strength / 2,
    high: strength * 2,
    wins: 2,
    losses: 1,
    ties: 0,
  };
}

describe("preferences", () => {
  it("groups by iteration, newest first, strongest first within one", () => {
    const groups = groupPreferences([pref("a", 0, 0.5), pref("b", 0, 2), pref("c", 1, 1), pref("d", 0, 1, 1)]);
    expect(groups.map((g) => [g.restart, g.iteration, g.rows.map((r) => r.candidate)])).toEqual([
      [1, 0, ["d"]],
      [0, 1, ["c"]],
      [0, 0, ["b", "a"]],
    ]);
  });

  it("writes the interval and the record, and marks the highlighted row", () => {
    expect(intervalText(pref("a", 0, 1.5))).toBe("[0.750, 3.000]");
    const [group] = renderPreferences([pref("a", 0, 1.5), pref("b", 0, 0.5)], (id) => `#${id}`, "b");
    const rows = [...group.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.getAttribute("data-candidate"))).toEqual(["a", "b"]);
    expect(rows[0].querySelector(".pref-strength")?.textContent).toBe("1.500");
    expect(rows[0].querySelector(".pref-record")?.textContent).toBe("2 wins \u00b7 1 loss \u00b7 0 ties");
    expect(rows[1].classList.contains("selected")).toBe(true);
    expect(rows[0].querySelector("th a")?.textContent).toBe("#a");
    expect(renderPreferences([])[0].textContent).toBe("No votes yet.");
  });
});

describe("voting page helpers", () => {
  it("lets voters and above vote", () => {
    expect(["viewer", "voter", "operator", "admin", undefined].map(canVote)).toEqual([false, true, true, true, false]);
  });

  it("keeps both players and the buttons on a laptop screen", () => {
    expect(stageHeight(768)).toBe(208);
    expect(stageHeight(600)).toBe(140);
    expect(stageHeight(1200)).toBe(360);
  });

  it("lists the newest comments first", () => {
    const side = { candidate: "x", rollout: "r" };
    const pair = (id: string, comments: [string, string][]): ComparisonSummary => ({
      id,
      restart: 0,
      iteration: 0,
      seed: 1,
      left: side,
      right: side,
      tally: { left: 0, right: 0, tie: 0 },
      myVote: null,
      comments: comments.map(([comment, at]) => ({ voter: "ann", choice: "left", comment, at })),
    });
    const recent = recentComments(
      [
        pair("1", [["old", "2026-12-03T08:00:00Z"]]),
        pair("2", [
          ["new", "2026-12-03T09:00:00Z"],
          ["mid", "2026-12-03T08:30:00Z"],
        ]),
      ],
      2,
    );
    expect(recent.map((c) => c.comment)).toEqual(["new", "mid"]);
  });
});
