import { describe, expect, it } from "vitest";
import type { CandidateState, MetricPoint, SearchView } from "./api";
import { CurveStore, Curves, alignByStep, bestPerIteration, componentNames, humanBaseline } from "./chartData";

function point(epoch: number, overrides: Partial<MetricPoint> = {}): MetricPoint {
  return {
    epoch,
    globalStep: (epoch + 1) * 256,
    stepsPerSecond: 1000,
    episodicReturn: epoch * 10,
    episodeLength: 20 + epoch,
    fitness: epoch / 10,
    components: { upright: epoch * 0.5, centred: -epoch },
    humanReward: null,
    ...overrides,
  };
}

function view(iterations: SearchView["iterations"], budgetIterations = 3): SearchView {
  return {
    id: "s1",
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
      iterations: budgetIterations,
      restarts: 1,
      evalSeeds: 5,
      seed: 1,
      humanInit: true,
      ppo: {},
      selectionSeeds: 1,
    },
    progress: null,
    iterations,
    best: null,
    evaluation: null,
    usage: { promptTokens: 0, completionTokens: 0, cost: 0 },
  };
}

function candidate(id: string, index: number, state: CandidateState, fitness: number | null, origin = "offline") {
  return {
    id,
    restart: 0,
    iteration: 0,
    index,
    state,
    origin,
    summary: null,
    fitness,
    components: ["upright"],
    problem: null,
    failure: null,
  };
}

describe("Curves", () => {
  it("keeps parallel columns per metric in epoch order", () => {
    const c = new Curves(1);
    c.put(point(0));
    c.put(point(1));
    expect(c.steps).toEqual([256, 512]);
    expect(c.base.fitness).toEqual([0, 0.1]);
    expect(c.base.episodicReturn).toEqual([0, 10]);
    expect(c.components.get("upright")).toEqual([0, 0.5]);
    expect(c.columns(["fitness", "centred"])).toEqual([
      [256, 512],
      [0, 0.1],
      [-0, -1],
    ]);
  });

  it("stores a record that arrives twice once, and places a late one at its epoch", () => {
    const c = new Curves(1);
    c.put(point(0));
    c.put(point(2));
    c.put(point(2, { fitness: 0.9 }));
    c.put(point(1));
    expect(c.epochs).toEqual([0, 1, 2]);
    expect(c.steps).toEqual([256, 512, 768]);
    expect(c.base.fitness).toEqual([0, 0.1, 0.9]);
    expect(c.components.get("upright")).toEqual([0, 0.5, 1]);
  });

  it("keeps nulls for epochs without a finished episode and for components that appear late", () => {
    const c = new Curves(1);
    c.put(point(0, { fitness: null, components: {} }));
    c.put(point(1, { components: { late: 3 } }));
    expect(c.base.fitness).toEqual([null, 0.1]);
    expect(c.components.get("late")).toEqual([null, 3]);
    expect(c.last("fitness")).toBe(0.1);
    expect(c.last("late")).toBe(3);
    expect(c.last("missing")).toBeNull();
    expect(c.lastStep()).toBe(512);
  });
});

describe("CurveStore", () => {
  it("starts afresh on a newer attempt and ignores records of an older one", () => {
    const store = new CurveStore();
    expect(store.add("c1", 1, [point(0), point(1)])).toBe(true);
    expect(store.add("c1", 2, [point(0, { fitness: 0.7 })])).toBe(true);
    expect(store.get("c1")!.base.fitness).toEqual([0.7]);
    expect(store.add("c1", 1, [point(5)])).toBe(false);
    expect(store.get("c1")!.epochs).toEqual([0]);
  });

  it("startAttempt clears the curves only for a newer attempt", () => {
    const store = new CurveStore();
    store.add("c1", 1, [point(0)]);
    store.startAttempt("c1", 1);
    expect(store.get("c1")!.length).toBe(1);
    store.startAttempt("c1", 2);
    expect(store.get("c1")!.length).toBe(0);
  });
});

describe("alignByStep", () => {
  it("shares one x column and fills what a training has not reached with null", () => {
    const a = new Curves(1);
    const b = new Curves(1);
    [0, 1, 2].forEach((e) => a.put(point(e)));
    b.put(point(0, { fitness: 0.5 }));
    expect(alignByStep([a, b, undefined], "fitness")).toEqual([
      [256, 512, 768],
      [0, 0.1, 0.2],
      [0.5, null, null],
      [null, null, null],
    ]);
  });

  it("merges different steps in order", () => {
    const a = new Curves(1);
    const b = new Curves(1);
    a.put(point(0, { globalStep: 100 }));
    a.put(point(1, { globalStep: 300 }));
    b.put(point(0, { globalStep: 200, fitness: 1 }));
    expect(alignByStep([a, b], "fitness")).toEqual([
      [100, 200, 300],
      [0, null, 0.1],
      [null, 1, null],
    ]);
  });
});

describe("componentNames", () => {
  it("lists the programs' components and those seen in curves, once each, in first-seen order", () => {
    const store = new CurveStore();
    store.add("b", 1, [point(0, { components: { extra: 1, upright: 2 } })]);
    const names = componentNames([candidate("a", 0, "training", null), candidate("b", 1, "training", null)], store);
    expect(names).toEqual(["upright", "extra"]);
  });
});

describe("bestPerIteration", () => {
  it("gives each iteration's best finished fitness, the best so far, and the human baseline as a flat line", () => {
    const v = view([
      { index: 0, restart: 0, selected: null, candidates: [candidate("h", 0, "done", 0.4, "human")] },
      {
        index: 1,
        restart: 0,
        selected: null,
        candidates: [
          candidate("a", 0, "done", 0.3),
          candidate("b", 1, "failed", null),
          candidate("c", 2, "done", 0.35),
        ],
      },
    ]);
    v.iterations[1].candidates.forEach((c) => (c.iteration = 1));
    const { columns, human } = bestPerIteration(v);
    expect(human).toBe(0.4);
    expect(columns).toEqual([
      [1, 2, 3],
      [0.4, 0.35, null],
      [0.4, 0.4, null],
      [0.4, 0.4, 0.4],
    ]);
  });

  it("leaves the human line out when the search did not start from the human reward", () => {
    const v = view([{ index: 0, restart: 0, selected: null, candidates: [candidate("a", 0, "training", null)] }], 2);
    expect(humanBaseline(v)).toBeNull();
    expect(bestPerIteration(v).columns).toEqual([
      [1, 2],
      [null, null],
      [null, null],
    ]);
  });
});

describe("bestPerIteration with restarts and an evaluation", () => {
  const evaluation = {
    best: { mean: 0.9, sd: 0.05, values: [0.85, 0.95] },
    human: { mean: 0.6, sd: 0, values: [0.6, 0.6] },
    sparse: { mean: 0.1, sd: 0.1, values: [0, 0.2] },
    bestFromScratch: null,
    hns: 1.6,
    hnsClipped: 1.6,
    hnsNote: null,
    correlation: 0.5,
    correlationSteps: 100,
    trainingCorrelation: 0.25,
    trainingCorrelationEpochs: 12,
    candidate: "b",
    seconds: 3,
    cachedTrainings: 0,
  };

  it("draws one best-so-far line per restart and the evaluation's human and sparse means", () => {
    const at = (id: string, restart: number, iteration: number, fitness: number) => ({
      ...candidate(id, 0, "done", fitness),
      restart,
      iteration,
    });
    const v = view(
      [
        { index: 0, restart: 0, selected: null, candidates: [at("a", 0, 0, 0.3)] },
        { index: 1, restart: 0, selected: null, candidates: [at("b", 0, 1, 0.2)] },
        { index: 0, restart: 1, selected: null, candidates: [at("c", 1, 0, 0.5)] },
      ],
      2,
    );
    v.budget.restarts = 2;
    v.evaluation = evaluation;
    const { columns, lines, human, sparse } = bestPerIteration(v);
    expect(lines).toEqual([
      { kind: "iteration-best" },
      { kind: "best-so-far", restart: 0 },
      { kind: "best-so-far", restart: 1 },
      { kind: "human", from: "evaluation" },
      { kind: "sparse" },
    ]);
    expect(human).toBe(0.6);
    expect(sparse).toBe(0.1);
    expect(columns).toEqual([
      [1, 2],
      [0.5, 0.2],
      [0.3, 0.3],
      [0.5, null],
      [0.6, 0.6],
      [0.1, 0.1],
    ]);
  });

  it("prefers the evaluation's human mean to the search's human candidate", () => {
    const v = view(
      [{ index: 0, restart: 0, selected: null, candidates: [candidate("h", 0, "done", 0.4, "human")] }],
      1,
    );
    expect(bestPerIteration(v).lines.at(-1)).toEqual({ kind: "human", from: "search" });
    v.evaluation = evaluation;
    const r = bestPerIteration(v);
    expect(r.human).toBe(0.6);
    expect(r.columns.slice(3)).toEqual([[0.6], [0.1]]);
  });
});
