import { describe, expect, it } from "vitest";
import type { Evaluation, SearchState, SearchView } from "./api";
import {
  correlationText,
  trainingCorrelationText,
  evaluationRows,
  evaluationStatus,
  finetuneSummary,
  formatSeconds,
  position,
  renderEvaluation,
  valueDomain,
} from "./evaluationView";

function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    best: { mean: 0.9, sd: 0.1, values: [0.8, 1.0] },
    human: { mean: 0.5, sd: 0, values: [0.5, 0.5] },
    sparse: { mean: 0.1, sd: 0.1, values: [0.0, 0.2] },
    bestFromScratch: null,
    hns: 2,
    hnsClipped: 2,
    hnsNote: null,
    correlation: 0.75,
    correlationSteps: 2048,
    trainingCorrelation: 0.912,
    trainingCorrelationEpochs: 20,
    candidate: "0f1e2d3c-0000-0000-0000-000000000000",
    seconds: 75.2,
    cachedTrainings: 2,
    ...overrides,
  };
}

function view(
  state: SearchState,
  evalSeeds: number,
  e: Evaluation | null,
  finetuneFrom: string | null = null,
): SearchView {
  return {
    id: "s1",
    task: "cartpole",
    proposer: "offline",
    selection: "fitness",
    state,
    reason: null,
    createdBy: "admin",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    finishedAt: null,
    forkedFrom: null,
    budget: {
      samples: 2,
      iterations: 1,
      restarts: 1,
      evalSeeds,
      seed: 1,
      humanInit: false,
      finetuneFrom,
      ppo: {},
      selectionSeeds: 1,
    },
    progress: null,
    iterations: [],
    best: null,
    evaluation: e,
    usage: { promptTokens: 0, completionTokens: 0, cost: 0 },
  };
}

describe("evaluationStatus", () => {
  it("follows the search: pending while it runs, evaluating, done with a record, skipped with 0 seeds", () => {
    expect(evaluationStatus(view("running", 5, null))).toBe("pending");
    expect(evaluationStatus(view("evaluating", 5, null))).toBe("evaluating");
    expect(evaluationStatus(view("done", 5, evaluation()))).toBe("done");
    expect(evaluationStatus(view("done", 0, null))).toBe("skipped");
    expect(evaluationStatus(view("cancelled", 5, null))).toBe("missing");
  });
});

describe("evaluationRows and valueDomain", () => {
  it("lists best, human and sparse, with the from-scratch row only for a curriculum", () => {
    expect(evaluationRows(evaluation()).map((r) => r.key)).toEqual(["best", "human", "sparse"]);
    const curriculum = evaluation({ bestFromScratch: { mean: 0.4, sd: 0, values: [0.4, 0.4] } });
    expect(evaluationRows(curriculum).map((r) => r.key)).toEqual(["best", "bestFromScratch", "human", "sparse"]);
    expect(evaluationRows(curriculum)[0].label).toContain("fine-tuned");
  });

  it("covers every seed and mean ± sd with 5% padding, and a unit range around a single value", () => {
    const [lo, hi] = valueDomain(evaluationRows(evaluation()));
    expect(lo).toBeCloseTo(-0.055);
    expect(hi).toBeCloseTo(1.055);
    const flat = evaluation({
      best: { mean: 3, sd: 0, values: [3] },
      human: { mean: 3, sd: 0, values: [3] },
      sparse: { mean: 3, sd: 0, values: [3] },
    });
    expect(valueDomain(evaluationRows(flat))).toEqual([2.5, 3.5]);
    expect(position(3, [2.5, 3.5])).toBe(0.5);
    expect(position(10, [0, 1])).toBe(1);
    expect(position(-10, [0, 1])).toBe(0);
  });
});

describe("texts", () => {
  it("says fine-tuned vs from scratch with the gain, the correlation with its transitions, and wall time", () => {
    expect(finetuneSummary(evaluation())).toBeNull();
    expect(finetuneSummary(evaluation({ bestFromScratch: { mean: 0.4, sd: 0, values: [0.4] } }))).toBe(
      "Fine-tuned 0.900 vs from scratch 0.400: +0.500 (fine-tuning helps).",
    );
    expect(correlationText(evaluation())).toBe("0.750 over 2,048 transitions");
    expect(correlationText(evaluation({ correlation: null }))).toContain("undefined");
    expect(trainingCorrelationText(evaluation())).toBe("0.912 over 20 epochs");
    expect(trainingCorrelationText(evaluation({ trainingCorrelation: null }))).toBe(
      "undefined: one of the rewards' means is constant over the 20 epochs",
    );
    expect(trainingCorrelationText(evaluation({ trainingCorrelation: null, trainingCorrelationEpochs: 0 }))).toBe(
      "undefined: the training recorded too few epochs with both rewards' means",
    );
    expect(formatSeconds(12.34)).toBe("12.3 s");
    expect(formatSeconds(125)).toBe("2 min 05 s");
  });
});

describe("renderEvaluation", () => {
  it("shows each reward's mean, sd and per-seed values, HNS raw and clipped, and the evaluation's facts", () => {
    const root = document.createElement("div");
    root.append(...renderEvaluation(view("done", 2, evaluation())));
    const best = root.querySelector('tr[data-reward="best"]')!;
    expect(best.querySelector(".eval-mean")!.textContent).toBe("0.900");
    expect(best.querySelector(".eval-sd")!.textContent).toBe("0.100");
    expect([...best.querySelectorAll(".eval-values li")].map((li) => li.textContent)).toEqual(["0.800", "1.000"]);
    expect(best.querySelectorAll("svg.dot-strip circle.seed")).toHaveLength(2);
    expect(root.querySelector("#eval-hns")!.textContent).toBe("2.000");
    expect(root.querySelector("#eval-hns-clipped")!.textContent).toBe("2.000");
    expect(root.querySelector("#eval-seeds")!.textContent).toBe("2");
    expect(root.querySelector("#eval-cached")!.textContent).toBe("2");
    expect(root.querySelector("#eval-seconds")!.textContent).toBe("1 min 15 s");
    expect(root.querySelector("#eval-finetune")).toBeNull();
  });

  it("says why HNS is undefined instead of a number", () => {
    const root = document.createElement("div");
    const e = evaluation({ hns: null, hnsClipped: null, hnsNote: "undefined: the human and sparse rewards reach 0.5" });
    root.append(...renderEvaluation(view("done", 2, e)));
    expect(root.querySelector("#eval-hns")!.textContent).toBe("undefined");
    expect(root.querySelector("#eval-hns-clipped")).toBeNull();
    expect(root.querySelector("#eval-hns-note")!.textContent).toContain("reach 0.5");
  });

  it("shows an evaluating state while it runs, and what will happen before", () => {
    const root = document.createElement("div");
    root.append(...renderEvaluation(view("evaluating", 3, null)));
    expect(root.querySelector("#eval-status")!.textContent).toContain("Evaluating");
    expect(root.querySelector("#eval-status")!.textContent).toContain("3 seeds");
    root.replaceChildren(...renderEvaluation(view("done", 0, null)));
    expect(root.textContent).toContain("0 evaluation seeds");
  });
});
