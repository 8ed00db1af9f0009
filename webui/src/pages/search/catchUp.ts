// Catch-up: curves of trainings that ran while the page was not listening, read over REST three at a time and
// merged by epoch into the model (so overlap with the live stream is harmless). Sets `#app[data-caught-up]`.
// The server stores a running training's epochs in batches, up to a second after it streamed them
// (docs/architecture.md, "Search"): the epochs streamed just before this page joined are neither in the first
// read nor in the live stream, so a candidate still training is read once more after that delay.
import { getCandidate } from "../../api";
import type { SearchModel } from "../../searchModel";
import { candidatesToCatchUp } from "./model";

/** How long after streaming an epoch the server may take to store it (its batching, plus a margin). */
export const STORED_EPOCH_LAG_MS = 1500;

export interface CatchUpOptions {
  root: HTMLElement;
  model: SearchModel;
  /** After one candidate's curves were merged. */
  onCandidate: (id: string) => void;
  /** After a worker ran out of candidates. */
  onCurves: () => void;
}

/** Returns the catch-up: `currentToo` reads the iteration under way again too. A new run abandons the previous. */
export function setupCatchUp({
  root,
  model,
  onCandidate,
  onCurves,
}: CatchUpOptions): (currentToo: boolean) => Promise<void> {
  let generation = 0;
  const reread = (ids: string[]): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, STORED_EPOCH_LAG_MS)).then(async () => {
      for (const id of ids) {
        try {
          const full = await getCandidate(id);
          model.addMetrics(full.id, full.attempt, full.metrics);
          onCandidate(full.id);
        } catch {
          // keeps what the first read and the live stream gave
        }
      }
      onCurves();
    });
  return async (currentToo) => {
    const mine = ++generation;
    const view = model.view;
    if (view === null) return;
    const wanted = candidatesToCatchUp(
      view,
      model.currentIteration(),
      (id) => model.curves.get(id) !== undefined,
      currentToo,
    );
    const training: string[] = [];
    const worker = async (): Promise<void> => {
      for (let c = wanted.shift(); c !== undefined; c = wanted.shift()) {
        try {
          const full = await getCandidate(c.id);
          if (mine !== generation) return;
          model.addMetrics(full.id, full.attempt, full.metrics);
          if (full.state === "training") training.push(full.id);
          onCandidate(full.id);
        } catch {
          // A candidate that cannot be read keeps its live curves; the table still shows its state.
        }
      }
      onCurves();
    };
    await Promise.all([worker(), worker(), worker()]);
    if (training.length > 0 && mine === generation) await reread(training);
    if (mine !== generation) return;
    root.dataset.caughtUp = "true";
  };
}
