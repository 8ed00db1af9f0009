// Catch-up: curves of trainings that ran while the page was not listening, read over REST three at a time and
// merged by epoch into the model (so overlap with the live stream is harmless). Sets `#app[data-caught-up]`.
import { getCandidate } from "../../api";
import type { SearchModel } from "../../searchModel";
import { candidatesToCatchUp } from "./model";

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
    const worker = async (): Promise<void> => {
      for (let c = wanted.shift(); c !== undefined; c = wanted.shift()) {
        try {
          const full = await getCandidate(c.id);
          if (mine !== generation) return;
          model.addMetrics(full.id, full.attempt, full.metrics);
          onCandidate(full.id);
        } catch {
          // A candidate that cannot be read keeps its live curves; the table still shows its state.
        }
      }
      onCurves();
    };
    await Promise.all([worker(), worker(), worker()]);
    root.dataset.caughtUp = "true";
  };
}
