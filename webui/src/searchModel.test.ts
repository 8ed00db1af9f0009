import { describe, expect, it } from "vitest";
import type { CandidateState, MetricPoint, SearchView } from "./api";
import { SearchModel, parseMessage } from "./searchModel";
import type { LiveMessage } from "./searchModel";

function snapshot(): SearchView {
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
      iterations: 2,
      restarts: 1,
      evalSeeds: 5,
      seed: 1,
      humanInit: false,
      ppo: {},
      selectionSeeds: 1,
    },
    progress: null,
    iterations: [
      {
        index: 0,
        restart: 0,
        selected: null,
        candidates: [
          {
            id: "a",
            restart: 0,
            iteration: 0,
            index: 0,
            state: "training",
            origin: "offline",
            summary: null,
            fitness: null,
            components: ["u"],
            problem: null,
            failure: null,
          },
        ],
      },
    ],
    best: null,
    evaluation: null,
    usage: { promptTokens: 0, completionTokens: 0, cost: 0 },
  };
}

function candidate(
  seq: number,
  id: string,
  state: CandidateState,
  iteration = 0,
  fitness: number | null = null,
): LiveMessage {
  return {
    type: "candidate",
    seq,
    candidate: {
      id,
      restart: 0,
      iteration,
      index: id === "a" ? 0 : 1,
      state,
      origin: "offline",
      summary: null,
      fitness,
      components: ["u"],
      problem: null,
      failure: null,
      attempt: 1,
    },
  };
}

function metrics(seq: number, id: string, epochs: number[]): LiveMessage {
  const records: MetricPoint[] = epochs.map((epoch) => ({
    epoch,
    globalStep: (epoch + 1) * 100,
    stepsPerSecond: null,
    episodicReturn: null,
    episodeLength: null,
    fitness: epoch / 10,
    components: { u: epoch },
    humanReward: null,
  }));
  return { type: "metrics", seq, candidate: id, attempt: 1, records };
}

describe("SearchModel", () => {
  it("rebuilds from the first message and drops messages it has already applied", () => {
    const m = new SearchModel();
    m.connectionOpened();
    expect(m.apply({ type: "search", seq: 10, view: snapshot() })).toEqual({ kind: "all" });
    expect(m.apply(metrics(11, "a", [0, 1])).kind).toBe("metrics");
    expect(m.apply(metrics(11, "a", [0, 1])).kind).toBe("none");
    expect(m.apply({ type: "state", seq: 9, state: "paused", reason: null }).kind).toBe("none");
    expect(m.view!.state).toBe("running");
    expect(m.curves.get("a")!.epochs).toEqual([0, 1]);
    expect(m.lastSeq).toBe(11);
  });

  it("replays, after the whole search, what the new connection sent before it", () => {
    const m = new SearchModel();
    m.connectionOpened();
    expect(m.apply(candidate(4, "a", "done", 0, 0.5)).kind).toBe("none");
    expect(m.apply({ type: "search", seq: 5, view: snapshot() }).kind).toBe("all");
    expect(m.findCandidate("a")!.state).toBe("done");
    expect(m.view!.iterations[0].selected).toBe("a");
  });

  it("starts over on a reconnect: the new first message replaces everything, curves merge by epoch", () => {
    const m = new SearchModel();
    m.connectionOpened();
    m.apply({ type: "search", seq: 3, view: snapshot() });
    m.apply(metrics(4, "a", [0, 1]));
    // Connection lost; the server went on. The new connection numbers from where the server is.
    m.connectionOpened();
    const later = snapshot();
    later.iterations[0].candidates[0].state = "done";
    later.iterations[0].candidates[0].fitness = 0.8;
    m.apply({ type: "search", seq: 40, view: later });
    m.addMetrics(
      "a",
      1,
      metrics(0, "a", [0, 1, 2, 3]).type === "metrics"
        ? (metrics(0, "a", [0, 1, 2, 3]) as { records: MetricPoint[] }).records
        : [],
    );
    expect(m.findCandidate("a")!.state).toBe("done");
    expect(m.curves.get("a")!.epochs).toEqual([0, 1, 2, 3]);
    expect(m.apply(metrics(41, "a", [3])).kind).toBe("metrics");
    expect(m.curves.get("a")!.epochs).toEqual([0, 1, 2, 3]);
  });

  it("adds candidates of a new iteration and keeps progress and the best up to date", () => {
    const m = new SearchModel();
    m.connectionOpened();
    m.apply({ type: "search", seq: 1, view: snapshot() });
    expect(m.apply(candidate(2, "a", "done", 0, 0.4))).toEqual({ kind: "candidate", id: "a", newIteration: false });
    expect(m.apply(candidate(3, "b", "proposed", 1))).toEqual({ kind: "candidate", id: "b", newIteration: true });
    expect(m.currentIteration()!.index).toBe(1);
    expect(m.view!.progress).toEqual({ restart: 0, iteration: 1, iterations: 2, candidatesDone: 0, candidates: 1 });
    m.apply({ type: "best", seq: 4, candidate: "a", fitness: 0.4 });
    expect(m.view!.best).toEqual({ candidate: "a", fitness: 0.4 });
  });

  it("rejects frames that are not live messages", () => {
    expect(() => parseMessage("[]")).toThrow(/no type/);
    expect(() => parseMessage('{"type":"state"}')).toThrow(/no seq/);
    expect(parseMessage('{"type":"error","reason":"no search x"}')).toEqual({ type: "error", reason: "no search x" });
  });

  it("applies the evaluation message and the evaluating state", () => {
    const m = new SearchModel();
    m.connectionOpened();
    m.apply({ type: "search", seq: 1, view: snapshot() });
    expect(m.apply({ type: "state", seq: 2, state: "evaluating", reason: null }).kind).toBe("state");
    const evaluation = {
      best: { mean: 1, sd: 0, values: [1] },
      human: { mean: 0.5, sd: 0, values: [0.5] },
      sparse: { mean: 0, sd: 0, values: [0] },
      bestFromScratch: null,
      hns: 2,
      hnsClipped: 2,
      hnsNote: null,
      correlation: null,
      correlationSteps: 10,
      trainingCorrelation: null,
      trainingCorrelationEpochs: 0,
      candidate: "a",
      seconds: 1,
      cachedTrainings: 0,
    };
    expect(m.apply(parseMessage(JSON.stringify({ type: "evaluation", seq: 3, evaluation })))).toEqual({
      kind: "evaluation",
    });
    expect(m.view!.evaluation).toEqual(evaluation);
    expect(m.apply({ type: "evaluation", seq: 3, evaluation }).kind).toBe("none");
  });

  it("with preference selection takes the chosen candidate from the server, not from F", () => {
    const m = new SearchModel();
    m.connectionOpened();
    const view = snapshot();
    view.selection = "preference";
    m.apply({ type: "search", seq: 1, view });
    m.apply(candidate(2, "a", "done", 0, 0.9));
    m.apply(candidate(3, "b", "done", 0, 0.1));
    // trained, waiting for votes: nothing is chosen yet, although a has the higher F
    expect(m.view!.iterations[0].selected).toBeNull();
    // the next iteration's candidates name the voted-for parent
    const child = candidate(4, "c", "proposed", 1);
    if (child.type === "candidate") child.candidate.parent = "b";
    m.apply(child);
    expect(m.view!.iterations[0].selected).toBe("b");
    // the server's announcement is final; later candidate messages do not undo it
    expect(m.apply({ type: "iteration", seq: 5, restart: 0, iteration: 1, selected: "c" })).toEqual({
      kind: "iteration",
    });
    expect(m.view!.iterations[1].selected).toBe("c");
    m.apply(candidate(6, "c", "done", 1, 0.2));
    expect(m.view!.iterations[1].selected).toBe("c");
    expect(m.apply({ type: "iteration", seq: 7, restart: 0, iteration: 9, selected: "x" }).kind).toBe("none");
  });
});
