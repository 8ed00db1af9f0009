import { afterEach, describe, expect, it, vi } from "vitest";
import type { SearchModel } from "../../searchModel";

const reads: string[] = [];
// The server's answers: a training candidate whose stored epochs grow between the two reads (the batching lag),
// and a finished one.
const stored: Record<string, { state: string; epochs: number[] }> = {
  running: { state: "training", epochs: [1, 2, 3] },
  finished: { state: "done", epochs: [1, 2, 3, 4, 5] },
};
vi.mock("../../api", () => ({
  getCandidate: (id: string) => {
    reads.push(id);
    const c = stored[id];
    return Promise.resolve({ id, attempt: 1, state: c.state, metrics: c.epochs.map((epoch) => ({ epoch })) });
  },
}));

const { setupCatchUp, STORED_EPOCH_LAG_MS } = await import("./catchUp");

function fakeModel(merged: Map<string, number[]>): SearchModel {
  const candidates = [
    { id: "running", state: "training" },
    { id: "finished", state: "done" },
  ];
  const iteration = { restart: 0, iteration: 0, candidates };
  return {
    view: { iterations: [iteration] },
    currentIteration: () => iteration,
    curves: { get: () => undefined },
    addMetrics: (id: string, _attempt: number, records: { epoch: number }[]) => {
      merged.set(id, [...new Set([...(merged.get(id) ?? []), ...records.map((r) => r.epoch)])]);
      return true;
    },
  } as unknown as SearchModel;
}

afterEach(() => {
  vi.useRealTimers();
  reads.length = 0;
});

describe("catch-up after a reload", () => {
  it("reads a candidate still training again after the storing lag, and only then says it caught up", async () => {
    vi.useFakeTimers();
    const root = document.createElement("div");
    const merged = new Map<string, number[]>();
    const done = setupCatchUp({ root, model: fakeModel(merged), onCandidate: () => {}, onCurves: () => {} })(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(reads.sort()).toEqual(["finished", "running"]);
    expect(root.dataset.caughtUp).toBeUndefined();
    // the epochs streamed before the page joined reach the database within the lag
    stored.running.epochs = [1, 2, 3, 4, 5, 6];
    await vi.advanceTimersByTimeAsync(STORED_EPOCH_LAG_MS);
    await done;
    expect(reads.sort()).toEqual(["finished", "running", "running"]);
    expect(merged.get("running")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(merged.get("finished")).toEqual([1, 2, 3, 4, 5]);
    expect(root.dataset.caughtUp).toBe("true");
  });
});
