// One row of a candidate table: `tr[data-candidate-id][data-state]` (class `selected` on the iteration's chosen
// one, with `.selected-mark[data-chosen-by]`), its state with a progress bar while it trains, F, the components'
// latest means, its problem, `span.worker` naming who trained it (`local` for the server's pool), and for an operator `button.candidate-fork` on a done candidate.
import type { CandidateSummary } from "../../api";
import type { Curves } from "../../chartData";
import { h } from "../../dom";
import { formatFitness, shortId, stateBadge } from "../../format";
import { chosenLabel } from "../../steering";
import type { SelectionMode } from "../../vocabulary";
import { componentMeans, trainingPercent, truncate } from "./model";

/** What a row needs besides its candidate. */
export interface RowContext {
  operator: boolean;
  selection: SelectionMode;
  /** The search's best candidate's id, if any. */
  best: string | null;
  /** Environment steps per training (for the progress bar). */
  totalTimesteps: number;
  curves: (id: string) => Curves | undefined;
  onFork: (candidate: string, button: HTMLButtonElement) => void;
}

/** The components cell's text: the latest means when curves are in, else the components' names. */
export function componentsText(c: CandidateSummary, curves: Curves | undefined): string {
  const names = c.components?.length ? c.components : [...(curves?.components.keys() ?? [])];
  if (names.length === 0) return "";
  if (curves === undefined || curves.length === 0) return names.join(", ");
  return componentMeans(names, (n) => curves.last(n));
}

function progressBar(step: number, total: number): HTMLElement {
  const pct = trainingPercent(step, total);
  return h("progress", { class: "training", max: 100, value: pct, "aria-label": `Training ${pct}% done` });
}

function chosenMark(selection: SelectionMode, best: boolean): HTMLElement {
  const label = chosenLabel(selection, best);
  return h(
    "span",
    {
      class: `badge selected-mark ${label.by === "fitness" ? "state-done" : "state-awaiting-votes"}`,
      title: label.title,
      "data-chosen-by": label.by,
    },
    label.text,
  );
}

export function renderCandidateRow(c: CandidateSummary, selected: boolean, ctx: RowContext): HTMLTableRowElement {
  const curves = ctx.curves(c.id);
  const fork =
    ctx.operator && c.state === "done"
      ? h("button", { type: "button", class: "small candidate-fork", "data-candidate": c.id }, "Fork")
      : null;
  fork?.addEventListener("click", () => ctx.onFork(c.id, fork));
  const problem = c.problem ?? c.failure;
  return h(
    "tr",
    { "data-candidate-id": c.id, "data-state": c.state, class: selected ? "selected" : null },
    h("td", { class: "num mono" }, String(c.index + 1)),
    h(
      "th",
      { scope: "row", class: "candidate-cell" },
      h(
        "a",
        { href: `/candidates/${encodeURIComponent(c.id)}` },
        h("span", { class: "mono" }, shortId(c.id)),
        " ",
        h("span", { class: "badge" }, c.origin),
      ),
      selected ? chosenMark(ctx.selection, ctx.best === c.id) : null,
      c.summary ? h("span", { class: "summary muted" }, c.summary) : null,
    ),
    h(
      "td",
      { class: "state-cell" },
      stateBadge(c.state),
      c.state === "training" ? progressBar(curves?.lastStep() ?? 0, ctx.totalTimesteps) : null,
      c.worker ? h("span", { class: "worker muted", title: "Trained by this worker" }, ` on ${c.worker}`) : null,
    ),
    h("td", { class: "num mono fitness-cell" }, formatFitness(c.fitness)),
    h("td", { class: "components-cell small-text" }, componentsText(c, curves)),
    h("td", { class: "problem-cell small-text", title: problem ?? "" }, problem ? truncate(problem, 90) : ""),
    ctx.operator ? h("td", { class: "row-actions" }, fork) : null,
  );
}

/** Brings a row's progress bar and components up to date with its curves, without rebuilding it. */
export function updateCandidateRow(
  tr: HTMLTableRowElement,
  c: CandidateSummary,
  curves: Curves | undefined,
  totalTimesteps: number,
): void {
  const bar = tr.querySelector<HTMLProgressElement>("progress.training");
  if (bar !== null && curves !== undefined) {
    const pct = trainingPercent(curves.lastStep(), totalTimesteps);
    bar.value = pct;
    bar.setAttribute("aria-label", `Training ${pct}% done`);
  }
  tr.querySelector(".components-cell")!.textContent = componentsText(c, curves);
}
