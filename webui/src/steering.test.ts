import { describe, expect, it } from "vitest";
import type { Preference } from "./api";
import { awaitingText, chosenLabel, durationText, selectionText, votesOnIteration } from "./steering";

function pref(candidate: string, iteration: number, wins: number, losses: number, ties: number): Preference {
  return { candidate, restart: 0, iteration, strength: 1, low: 0.5, high: 2, wins, losses, ties };
}

describe("steering", () => {
  it("counts an iteration's live votes from both sides of every pair", () => {
    // a beat b twice, b beat c once, a and c tied once: four votes on iteration 0; one on iteration 1
    const prefs = [
      pref("a", 0, 2, 0, 1),
      pref("b", 0, 1, 2, 0),
      pref("c", 0, 0, 1, 1),
      pref("d", 1, 1, 0, 0),
      pref("e", 1, 0, 1, 0),
    ];
    expect(votesOnIteration(prefs, 0, 0)).toBe(4);
    expect(votesOnIteration(prefs, 0, 1)).toBe(1);
    expect(votesOnIteration(prefs, 1, 0)).toBe(0);
    expect(votesOnIteration([], 0, 0)).toBe(0);
  });

  it("says how many votes are still needed", () => {
    expect(awaitingText(0, 3, 0)).toBe("0 of 3 votes on iteration 1 \u00b7 3 more votes needed");
    expect(awaitingText(2, 3, 1)).toBe("2 of 3 votes on iteration 2 \u00b7 1 more vote needed");
    expect(awaitingText(4, 3, 0)).toBe("4 of 3 votes on iteration 1 \u00b7 enough votes: the search goes on");
    expect(awaitingText(0, 1, 0)).toBe("0 of 1 vote on iteration 1 \u00b7 1 more vote needed");
  });

  it("names the selection mode with its wait", () => {
    expect(selectionText("fitness", null)).toBe("by fitness F");
    expect(selectionText("preference", { votes: 3, timeoutSeconds: 600, weight: 0.5 })).toBe(
      "by team votes (preference) \u00b7 waits for 3 votes or 10 min",
    );
    expect(selectionText("mixed", { votes: 1, timeoutSeconds: 90, weight: 0.25 })).toBe(
      "mixed: 25% F, 75% team votes \u00b7 waits for 1 vote or 1 min 30 s",
    );
    expect(durationText(45)).toBe("45 s");
    expect(durationText(3600)).toBe("1 h");
    expect(durationText(5400)).toBe("1 h 30 min");
  });

  it("marks the chosen candidate by what chose it", () => {
    expect(chosenLabel("preference", false)).toMatchObject({ text: "chosen by team votes", by: "votes" });
    expect(chosenLabel("mixed", true)).toMatchObject({ text: "chosen by votes and F", by: "mixed" });
    expect(chosenLabel("fitness", true)).toMatchObject({ text: "best", by: "fitness" });
    expect(chosenLabel("fitness", false)).toMatchObject({ text: "selected", by: "fitness" });
  });
});
