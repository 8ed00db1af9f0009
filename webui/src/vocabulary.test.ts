import { describe, expect, it } from "vitest";
import {
  CANDIDATE_STATES,
  FINISHED_SEARCH_STATES,
  PROPOSERS,
  SEARCH_STATES,
  SELECTION_MODES,
  REFLECTION_MODES,
  TERMINAL_CANDIDATE_STATES,
  hasTrained,
  isCandidateState,
  isFinishedSearch,
  isProposer,
  isSearchState,
  isSelectionMode,
  isReflectionMode,
  isTerminalCandidate,
} from "./vocabulary";

describe("vocabulary", () => {
  it("lists every word once, in order", () => {
    expect(PROPOSERS).toEqual(["offline", "human", "llm", "replay"]);
    expect(SELECTION_MODES).toEqual(["fitness", "preference", "mixed"]);
    expect(REFLECTION_MODES).toEqual(["off", "add", "replace"]);
    expect(SEARCH_STATES).toEqual([
      "queued",
      "running",
      "paused",
      "awaiting-votes",
      "awaiting-reflection",
      "evaluating",
      "done",
      "failed",
      "cancelled",
      "budget-exhausted",
    ]);
    expect(FINISHED_SEARCH_STATES).toEqual(["done", "failed", "cancelled", "budget-exhausted"]);
    expect(CANDIDATE_STATES).toEqual(["proposed", "rejected", "queued", "training", "done", "failed"]);
    expect(TERMINAL_CANDIDATE_STATES).toEqual(["done", "rejected", "failed"]);
    for (const list of [PROPOSERS, SELECTION_MODES, SEARCH_STATES, CANDIDATE_STATES]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it("says which candidate states are terminal", () => {
    expect(CANDIDATE_STATES.filter(isTerminalCandidate)).toEqual(["rejected", "done", "failed"]);
    expect(isTerminalCandidate("training")).toBe(false);
    expect(isTerminalCandidate("unknown")).toBe(false);
  });

  it("says which search states are final", () => {
    expect(SEARCH_STATES.filter(isFinishedSearch)).toEqual(["done", "failed", "cancelled", "budget-exhausted"]);
    expect(isFinishedSearch("awaiting-votes")).toBe(false);
    expect(isFinishedSearch("")).toBe(false);
  });

  it("says which candidates have started training", () => {
    expect(CANDIDATE_STATES.filter(hasTrained)).toEqual(["training", "done", "failed"]);
  });

  it("recognizes its words and nothing else", () => {
    expect(isProposer("llm")).toBe(true);
    expect(isProposer("LLM")).toBe(false);
    expect(isSelectionMode("mixed")).toBe(true);
    expect(isReflectionMode("replace")).toBe(true);
    expect(isReflectionMode("sometimes")).toBe(false);
    expect(isSelectionMode("votes")).toBe(false);
    expect(isSearchState("budget-exhausted")).toBe(true);
    expect(isSearchState("budget exhausted")).toBe(false);
    expect(isCandidateState("proposed")).toBe(true);
    expect(isCandidateState("evaluating")).toBe(false);
  });
});
