// The search page's pure logic (no DOM): the texts it shows and the choices it makes from a SearchView, so they
// can be tested with exact values. The components in this folder put them on the page.
import type { CandidateSummary, IterationView, SearchCommand, SearchView } from "../../api";
import type { SeriesSpec } from "../../chart";
import type { BestLine, bestPerIteration } from "../../chartData";
import { evaluationStatus } from "../../evaluationView";
import type { EvaluationStatus } from "../../evaluationView";
import { formatFitness, shortId } from "../../format";
import type { LiveStatus } from "../../live";
import { pairsLeftText } from "../../playerModel";
import { chosenLabel, durationText } from "../../steering";
import { hasTrained } from "../../vocabulary";
import type { SelectionMode } from "../../vocabulary";

/** "upright 0.412 · centred −0.03": each component's latest mean. */
export function componentMeans(names: readonly string[], last: (name: string) => number | null): string {
  return names.map((n) => `${n} ${formatFitness(last(n))}`).join(" \u00b7 ");
}

/** `text` cut to at most `n` characters, with an ellipsis when cut. */
export function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}\u2026`;
}

/** What the header says about the live connection; `retry` is the wait before the next attempt, in ms. */
export function liveStatusText(status: LiveStatus, retry: number | undefined, finished: boolean): string {
  switch (status) {
    case "open":
      return "Live";
    case "connecting":
      return "Connecting\u2026";
    case "reconnecting":
      return retry !== undefined
        ? `Connection lost, reconnecting in ${Math.ceil(retry / 1000)} s\u2026`
        : "Reconnecting\u2026";
    default:
      return finished ? "Finished" : "Not live";
  }
}

/** The message after a pause, resume or cancel went through. */
export function commandDoneText(command: SearchCommand): string {
  return command === "pause"
    ? "Paused: trainings under way finish, no new ones start."
    : command === "resume"
      ? "Resumed."
      : "Cancelled.";
}

/** The "Progress" fact: "iteration 2 of 3 · 1 of 4 done", or "starting". */
export function progressText(view: SearchView): string {
  const p = view.progress;
  return p === null
    ? "starting"
    : `iteration ${p.iteration + 1} of ${p.iterations} \u00b7 ${p.candidatesDone} of ${p.candidates} done`;
}

/** How each line of the best-per-iteration chart is drawn. */
export function lineSeries(line: BestLine): SeriesSpec {
  switch (line.kind) {
    case "iteration-best":
      return { label: "Iteration best", color: 0, points: true, width: 1 };
    case "best-so-far":
      return line.restart === null
        ? { label: "Best so far", color: 1, width: 2.5 }
        : { label: `Restart ${line.restart + 1}`, color: line.restart + 1, width: 2 };
    case "human":
      return { label: "Human reward", color: "--chart-human", dash: true };
    case "sparse":
      return { label: "Sparse reward", color: "--chart-sparse", dash: true };
  }
}

/** The note under the best-per-iteration chart: where its baselines come from, or why they are missing. */
export function bestChartNote(view: SearchView, best: ReturnType<typeof bestPerIteration>): string {
  const { lines, human, sparse } = best;
  const from = lines.find((l): l is Extract<BestLine, { kind: "human" }> => l.kind === "human")?.from;
  const notes: string[] = [];
  if (view.budget.restarts > 1)
    notes.push(`One best-so-far line per restart; each restart runs the whole loop with its own seed.`);
  if (human === null) notes.push("No human baseline yet: it comes from the final evaluation when the search ends.");
  else if (from === "evaluation")
    notes.push("Human and sparse rewards: their mean F over the final evaluation\u2019s seeds.");
  else
    notes.push(
      "Human reward: the fitness of the task\u2019s hand-written reward trained with this search\u2019s budget.",
    );
  if (sparse === null)
    notes.push(
      evaluationStatus(view) === "skipped" || evaluationStatus(view) === "missing"
        ? "No sparse baseline: this search has no final evaluation."
        : "The sparse baseline appears when the final evaluation is done.",
    );
  return notes.join(" ");
}

/** The evaluation panel's heading: with the number of seeds, evaluated or planned. */
export function evaluationHeadingText(view: SearchView, status: EvaluationStatus): string {
  const seeds = status === "done" ? view.evaluation!.best.values.length : view.budget.evalSeeds;
  return status === "skipped"
    ? "Final evaluation"
    : `Final evaluation \u00b7 ${seeds} ${seeds === 1 ? "seed" : "seeds"}`;
}

/** How far a training is, in whole percent of the search's steps per training (0 when unknown). */
export function trainingPercent(step: number, totalTimesteps: number): number {
  return totalTimesteps > 0 ? Math.round(Math.min(1, step / totalTimesteps) * 100) : 0;
}

/** The help under "Waiting for the team's votes": what the votes decide, and how long the search waits. */
export function awaitingHelpText(selection: SelectionMode, timeoutSeconds: number | undefined): string {
  return (
    `Its candidates are trained. The team’s votes on their paired rollouts choose the parent of the next iteration` +
    `${selection === "mixed" ? " (together with F)" : ""}, and notes on the chosen candidate go into its reflection` +
    `${timeoutSeconds === undefined ? "." : `; after ${durationText(timeoutSeconds)} the search goes on with the votes it has.`}`
  );
}

/** The vote link's text for a voter with `left` pairs to judge. */
export function voteLinkText(left: number): string {
  return `Vote on rollouts · ${pairsLeftText(left).replace(" for you", "")}`;
}

/** "#2 offline (iteration 1)" for a known candidate, else its short id. */
export function candidateLabel(candidate: CandidateSummary | null, id: string): string {
  return candidate === null
    ? shortId(id)
    : `#${candidate.index + 1} ${candidate.origin} (iteration ${candidate.iteration + 1})`;
}

/**
 * The trained candidates whose curves to read over REST, newest first (so the iteration under way fills in
 * first): those with no curves yet, and with `currentToo` every one of the `current` iteration.
 */
export function candidatesToCatchUp(
  view: SearchView,
  current: IterationView | null,
  hasCurves: (id: string) => boolean,
  currentToo: boolean,
): CandidateSummary[] {
  const wanted: CandidateSummary[] = [];
  for (const iteration of view.iterations) {
    for (const c of iteration.candidates) {
      if (!hasTrained(c.state)) continue;
      if ((iteration === current && currentToo) || !hasCurves(c.id)) wanted.push(c);
    }
  }
  return wanted.reverse();
}

/** Whether the page groups iterations by restart. */
export function isMultiRestart(view: SearchView): boolean {
  return view.budget.restarts > 1 || view.iterations.some((i) => i.restart > 0);
}

/** The restarts newest first, each with its iterations newest first and its best finished F (null if none). */
export function restartGroups(
  view: SearchView,
): { restart: number; iterations: IterationView[]; best: number | null }[] {
  const restarts = [...new Set(view.iterations.map((i) => i.restart))].sort((x, y) => y - x);
  return restarts.map((restart) => {
    const iterations = view.iterations.filter((i) => i.restart === restart).reverse();
    const best = Math.max(
      ...iterations.flatMap((i) =>
        i.candidates.map((c) => (c.state === "done" && c.fitness !== null ? c.fitness : -Infinity)),
      ),
    );
    return { restart, iterations, best: Number.isFinite(best) ? best : null };
  });
}

/** An iteration's name: "Iteration 2", or "Restart 1, Iteration 2" when the page shows restarts. */
export function iterationName(iteration: IterationView, multiRestart: boolean): string {
  return `${multiRestart ? `Restart ${iteration.restart + 1}, ` : ""}Iteration ${iteration.index + 1}`;
}

/** The parent every candidate of the iteration was proposed from, and how the note says it was chosen. */
export function parentOf(
  iteration: IterationView,
  selection: SelectionMode,
): { parent: string; by: string; text: string } | null {
  const parent = iteration.candidates.find((c) => c.parent)?.parent;
  if (!parent) return null;
  const label = chosenLabel(selection, false);
  return { parent, by: label.by, text: selection === "fitness" ? ", the previous best" : `, ${label.text}` };
}
