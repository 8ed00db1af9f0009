import { describe, expect, it } from "vitest";
import type { SearchListItem } from "../api";
import { describeProgress, humanCell } from "./searches";

// Only the fields the list's cells read; the rest of each record does not matter to them.
const item = (fields: Partial<SearchListItem>): SearchListItem =>
  ({ id: "s1", state: "running", restarts: 1, progress: null, ...fields }) as unknown as SearchListItem;

describe("the search list's cells come from the list item alone", () => {
  it("describes progress, with the restart when the budget has several", () => {
    const progress = { restart: 1, iteration: 2, iterations: 5, candidatesDone: 3, candidates: 16 };
    expect(describeProgress(item({ progress }))).toBe("iteration 3 of 5 \u00b7 3 of 16 candidates");
    expect(describeProgress(item({ progress, restarts: 3 }))).toBe(
      "restart 2 of 3 \u00b7 iteration 3 of 5 \u00b7 3 of 16 candidates",
    );
    expect(describeProgress(item({}))).toBe("starting");
    expect(describeProgress(item({ state: "failed" }))).toBe("no candidates");
  });

  it("shows the evaluation's human F, else the search's human-initialized candidate, else a dash", () => {
    expect(humanCell(item({ humanFitness: 0.968, humanInitFitness: 1 }))).toMatchObject({
      text: "0.968",
      source: "evaluation",
    });
    expect(humanCell(item({ humanInitFitness: 0.5 }))).toMatchObject({
      text: "0.500",
      source: "search",
    });
    expect(humanCell(item({ humanInitFitness: null }))).toMatchObject({
      text: "\u2014",
      source: "none",
    });
  });
});
