// The candidates, one `table.candidate-table` per iteration, newest first; with several restarts, iterations are
// grouped in `section.restart[data-restart]`. An iteration with a parent names it in its heading
// (`.iteration-parent[data-parent]`).
import type { IterationView } from "../../api";
import { h } from "../../dom";
import { formatFitness, shortId } from "../../format";
import type { SearchModel } from "../../searchModel";
import { renderCandidateRow, updateCandidateRow } from "./candidateRow";
import type { RowContext } from "./candidateRow";
import { isMultiRestart, iterationName, parentOf, restartGroups } from "./model";

export interface IterationsOptions {
  model: SearchModel;
  operator: boolean;
  onFork: (candidate: string, button: HTMLButtonElement) => void;
}

export interface Iterations {
  element: HTMLElement;
  render(): void;
  /** Updates one candidate's progress and components after new metrics. */
  updateRow(candidateId: string): void;
}

export function setupIterations({ model, operator, onFork }: IterationsOptions): Iterations {
  const element = h("div", { id: "iterations" });

  function rowContext(): RowContext {
    const view = model.view;
    return {
      operator,
      selection: view?.selection ?? "fitness",
      best: view?.best?.candidate ?? null,
      totalTimesteps: Number(view?.budget.ppo.totalTimesteps ?? 0),
      curves: (id) => model.curves.get(id),
      onFork,
    };
  }

  /** "from 1a2b3c4d, chosen by team votes": the parent every candidate of the iteration was proposed from. */
  function parentNote(iteration: IterationView): HTMLElement | null {
    const parent = parentOf(iteration, model.view?.selection ?? "fitness");
    if (parent === null) return null;
    return h(
      "span",
      { class: "iteration-parent muted", "data-parent": parent.parent, "data-chosen-by": parent.by },
      " · from ",
      h("a", { href: `/candidates/${encodeURIComponent(parent.parent)}`, class: "mono" }, shortId(parent.parent)),
      parent.text,
    );
  }

  function iterationSection(iteration: IterationView, multiRestart: boolean, ctx: RowContext): HTMLElement {
    const name = iterationName(iteration, multiRestart);
    const headingId = `iteration-${iteration.restart}-${iteration.index}`;
    const fromParent = parentNote(iteration);
    return h(
      "section",
      {
        class: "card iteration",
        "aria-labelledby": headingId,
        "data-iteration": iteration.index,
        "data-restart": iteration.restart,
      },
      multiRestart
        ? h(
            "h3",
            { id: headingId },
            h("span", { class: "visually-hidden" }, `Restart ${iteration.restart + 1}, `),
            `Iteration ${iteration.index + 1}`,
            fromParent,
          )
        : h("h2", { id: headingId }, name, fromParent),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "data candidate-table" },
          h("caption", { class: "visually-hidden" }, `Candidates of ${name}`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col", class: "num" }, "#"),
              h("th", { scope: "col" }, "Candidate"),
              h("th", { scope: "col" }, "State"),
              h("th", { scope: "col", class: "num" }, "F"),
              h("th", { scope: "col" }, "Components (last mean)"),
              h("th", { scope: "col" }, "Problem"),
              operator
                ? h("th", { scope: "col", class: "row-actions" }, h("span", { class: "visually-hidden" }, "Actions"))
                : null,
            ),
          ),
          h("tbody", {}, ...iteration.candidates.map((c) => renderCandidateRow(c, iteration.selected === c.id, ctx))),
        ),
      ),
    );
  }

  function render(): void {
    const view = model.view;
    if (view === null) return;
    if (view.iterations.length === 0) {
      element.replaceChildren(
        h(
          "section",
          { class: "card" },
          h("p", { class: "empty" }, "No candidates yet: the proposer is writing the first programs."),
        ),
      );
      return;
    }
    const ctx = rowContext();
    if (!isMultiRestart(view)) {
      element.replaceChildren(...[...view.iterations].reverse().map((it) => iterationSection(it, false, ctx)));
      return;
    }
    // Newest restart first, each with its iterations newest first.
    element.replaceChildren(
      ...restartGroups(view).map((group) =>
        h(
          "section",
          { class: "restart", "data-restart": group.restart, "aria-labelledby": `restart-${group.restart}` },
          h(
            "h2",
            { id: `restart-${group.restart}`, class: "restart-heading" },
            `Restart ${group.restart + 1}`,
            h(
              "span",
              { class: "muted restart-meta" },
              ` of ${view.budget.restarts} \u00b7 best F ${group.best !== null ? formatFitness(group.best) : "none yet"}`,
            ),
          ),
          ...group.iterations.map((it) => iterationSection(it, true, ctx)),
        ),
      ),
    );
  }

  function updateRow(candidateId: string): void {
    const tr = element.querySelector<HTMLTableRowElement>(`tr[data-candidate-id="${CSS.escape(candidateId)}"]`);
    const c = model.findCandidate(candidateId);
    if (tr === null || c === null) return;
    updateCandidateRow(tr, c, model.curves.get(candidateId), Number(model.view?.budget.ppo.totalTimesteps ?? 0));
  }

  return { element, render, updateRow };
}
