import { describe, expect, it } from "vitest";
import type { CandidateSummary, CandidateState, Evaluation, IterationView, SearchView } from "../../api";
import { bestPerIteration } from "../../chartData";
import {
  awaitingHelpText,
  bestChartNote,
  candidateLabel,
  candidatesToCatchUp,
  commandDoneText,
  componentMeans,
  evaluationHeadingText,
  isMultiRestart,
  iterationName,
  lineSeries,
  liveStatusText,
  parentOf,
  progressText,
  restartGroups,
  trainingPercent,
  truncate,
  voteLinkText,
} from "./model";

function candidate(
  id: string,
  restart: number,
  iteration: number,
  index: number,
  state: CandidateState,
  fitness: number | null = null,
  parent: string | null = null,
): CandidateSummary {
  return {
    id,
    restart,
    iteration,
    index,
    state,
    origin: "offline",
    summary: null,
    fitness,
    components: [],
    problem: null,
    failure: null,
    parent,
  };
}

function iteration(restart: number, index: number, candidates: CandidateSummary[]): IterationView {
  return { restart, index, selected: null, candidates };
}

function view(overrides: Partial<SearchView> = {}): SearchView {
  return {
    id: "0f1e2d3c-aaaa",
    task: "cartpole",
    proposer: "offline",
    selection: "fitness",
    state: "running",
    reason: null,
    createdBy: "admin",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    finishedAt: null,
    forkedFrom: null,
    budget: {
      samples: 2,
      iterations: 3,
      restarts: 1,
      evalSeeds: 5,
      seed: 1,
      humanInit: false,
      ppo: {},
      selectionSeeds: 1,
    },
    progress: null,
    iterations: [],
    best: null,
    evaluation: null,
    usage: { promptTokens: 0, completionTokens: 0, cost: 0 },
    ...overrides,
  };
}

const spread = (values: number[]): { mean: number; sd: number; values: number[] } => ({
  mean: values.reduce((a, b) => a + b, 0) / values.length,
  sd: 0,
  values,
});

const EVALUATION: Evaluation = {
  best: spread([0.9, 0.8]),
  human: spread([0.5, 0.5]),
  sparse: spread([0.1, 0.1]),
  bestFromScratch: null,
  hns: 1.5,
  hnsClipped: 1,
  hnsNote: null,
  correlation: null,
  correlationSteps: 0,
  trainingCorrelation: null,
  trainingCorrelationEpochs: 0,
  candidate: "a",
  seconds: 1,
  cachedTrainings: 0,
};

describe("texts", () => {
  it("says the components' latest means and cuts long text", () => {
    expect(componentMeans(["upright", "centred"], (n) => (n === "upright" ? 0.4123 : null))).toBe(
      "upright 0.412 \u00b7 centred \u2014",
    );
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdefg", 6)).toBe("abcde\u2026");
  });

  it("says the live status", () => {
    expect(liveStatusText("open", undefined, false)).toBe("Live");
    expect(liveStatusText("connecting", undefined, false)).toBe("Connecting\u2026");
    expect(liveStatusText("reconnecting", 1500, false)).toBe("Connection lost, reconnecting in 2 s\u2026");
    expect(liveStatusText("reconnecting", undefined, false)).toBe("Reconnecting\u2026");
    expect(liveStatusText("stopped", undefined, true)).toBe("Finished");
    expect(liveStatusText("stopped", undefined, false)).toBe("Not live");
  });

  it("says what a command did", () => {
    expect(commandDoneText("pause")).toBe("Paused: trainings under way finish, no new ones start.");
    expect(commandDoneText("resume")).toBe("Resumed.");
    expect(commandDoneText("cancel")).toBe("Cancelled.");
  });

  it("says the progress", () => {
    expect(progressText(view())).toBe("starting");
    expect(
      progressText(view({ progress: { restart: 0, iteration: 1, iterations: 3, candidatesDone: 1, candidates: 4 } })),
    ).toBe("iteration 2 of 3 \u00b7 1 of 4 done");
  });

  it("counts the seeds in the evaluation's heading", () => {
    expect(evaluationHeadingText(view(), "pending")).toBe("Final evaluation \u00b7 5 seeds");
    expect(evaluationHeadingText(view({ budget: { ...view().budget, evalSeeds: 1 } }), "pending")).toBe(
      "Final evaluation \u00b7 1 seed",
    );
    expect(evaluationHeadingText(view({ evaluation: EVALUATION, state: "done" }), "done")).toBe(
      "Final evaluation \u00b7 2 seeds",
    );
    expect(evaluationHeadingText(view({ budget: { ...view().budget, evalSeeds: 0 } }), "skipped")).toBe(
      "Final evaluation",
    );
  });

  it("says what the votes decide while the search waits for them", () => {
    expect(awaitingHelpText("preference", 600)).toBe(
      "Its candidates are trained. The team’s votes on their paired rollouts choose the parent of the next iteration, and notes on the chosen candidate go into its reflection; after 10 min the search goes on with the votes it has.",
    );
    expect(awaitingHelpText("mixed", undefined)).toBe(
      "Its candidates are trained. The team’s votes on their paired rollouts choose the parent of the next iteration (together with F), and notes on the chosen candidate go into its reflection.",
    );
  });

  it("counts the pairs left on the vote link, and labels candidates", () => {
    expect(voteLinkText(2)).toBe("Vote on rollouts · 2 pairs left");
    expect(voteLinkText(1)).toBe("Vote on rollouts · 1 pair left");
    expect(voteLinkText(0)).toBe("Vote on rollouts · No pairs left");
    expect(candidateLabel(candidate("a", 0, 1, 2, "done"), "a")).toBe("#3 offline (iteration 2)");
    expect(candidateLabel(null, "0123456789abcdef")).toBe("01234567");
  });

  it("gives a training's progress in whole percent", () => {
    expect(trainingPercent(512, 1024)).toBe(50);
    expect(trainingPercent(2048, 1024)).toBe(100);
    expect(trainingPercent(1, 3)).toBe(33);
    expect(trainingPercent(512, 0)).toBe(0);
  });
});

describe("the best-per-iteration chart", () => {
  it("draws each kind of line its own way", () => {
    expect(lineSeries({ kind: "iteration-best" })).toEqual({
      label: "Iteration best",
      color: 0,
      points: true,
      width: 1,
    });
    expect(lineSeries({ kind: "best-so-far", restart: null })).toEqual({ label: "Best so far", color: 1, width: 2.5 });
    expect(lineSeries({ kind: "best-so-far", restart: 1 })).toEqual({ label: "Restart 2", color: 2, width: 2 });
    expect(lineSeries({ kind: "human", from: "search" })).toEqual({
      label: "Human reward",
      color: "--chart-human",
      dash: true,
    });
    expect(lineSeries({ kind: "sparse" })).toEqual({ label: "Sparse reward", color: "--chart-sparse", dash: true });
  });

  it("notes where the baselines come from", () => {
    const running = view({ iterations: [iteration(0, 0, [candidate("a", 0, 0, 0, "done", 0.5)])] });
    expect(bestChartNote(running, bestPerIteration(running))).toBe(
      "No human baseline yet: it comes from the final evaluation when the search ends. The sparse baseline appears when the final evaluation is done.",
    );
    const done = { ...running, state: "done" as const, evaluation: EVALUATION };
    expect(bestChartNote(done, bestPerIteration(done))).toBe(
      "Human and sparse rewards: their mean F over the final evaluation\u2019s seeds.",
    );
    const human = view({
      state: "done",
      budget: { ...running.budget, restarts: 2, evalSeeds: 0 },
      iterations: [iteration(0, 0, [{ ...candidate("h", 0, 0, 0, "done", 0.4), origin: "human" }])],
    });
    expect(bestChartNote(human, bestPerIteration(human))).toBe(
      "One best-so-far line per restart; each restart runs the whole loop with its own seed. Human reward: the fitness of the task\u2019s hand-written reward trained with this search\u2019s budget. No sparse baseline: this search has no final evaluation.",
    );
  });
});

describe("iterations", () => {
  const its = [
    iteration(0, 0, [candidate("a", 0, 0, 0, "done", 0.5), candidate("b", 0, 0, 1, "rejected")]),
    iteration(0, 1, [candidate("c", 0, 1, 0, "training", null, "a"), candidate("d", 0, 1, 1, "queued", null, "a")]),
    iteration(1, 0, [candidate("e", 1, 0, 0, "failed"), candidate("f", 1, 0, 1, "proposed")]),
  ];

  it("reads back the curves of trained candidates, newest first", () => {
    const v = view({ iterations: its });
    const none = (): boolean => false;
    const all = (): boolean => true;
    expect(candidatesToCatchUp(v, its[2], none, true).map((c) => c.id)).toEqual(["e", "c", "a"]);
    expect(candidatesToCatchUp(v, its[2], all, true).map((c) => c.id)).toEqual(["e"]);
    expect(candidatesToCatchUp(v, its[2], all, false)).toEqual([]);
    expect(candidatesToCatchUp(v, its[2], (id) => id !== "c", false).map((c) => c.id)).toEqual(["c"]);
  });

  it("groups by restart, newest first, with each restart's best finished F", () => {
    const v = view({ iterations: its, budget: { ...view().budget, restarts: 2 } });
    expect(isMultiRestart(v)).toBe(true);
    expect(isMultiRestart(view({ iterations: its.slice(0, 2) }))).toBe(false);
    expect(isMultiRestart(view({ iterations: [its[2]] }))).toBe(true);
    expect(
      restartGroups(v).map((g) => ({ restart: g.restart, iterations: g.iterations.map((i) => i.index), best: g.best })),
    ).toEqual([
      { restart: 1, iterations: [0], best: null },
      { restart: 0, iterations: [1, 0], best: 0.5 },
    ]);
  });

  it("names iterations and their parent", () => {
    expect(iterationName(its[1], false)).toBe("Iteration 2");
    expect(iterationName(its[2], true)).toBe("Restart 2, Iteration 1");
    expect(parentOf(its[0], "fitness")).toBeNull();
    expect(parentOf(its[1], "fitness")).toEqual({ parent: "a", by: "fitness", text: ", the previous best" });
    expect(parentOf(its[1], "preference")).toEqual({ parent: "a", by: "votes", text: ", chosen by team votes" });
    expect(parentOf(its[1], "mixed")).toEqual({ parent: "a", by: "mixed", text: ", chosen by votes and F" });
  });
});
