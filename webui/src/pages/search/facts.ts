// The summary strip (`#search-facts`): progress, best F, the human baseline and HNS, proposer, selection, budget,
// seed, restarts, selection seeds (`#search-selection-seeds`, when more than one), fine-tuning, usage, who started
// it and when, and the search it was forked from.
import type { SearchView } from "../../api";
import { humanBaseline } from "../../chartData";
import { h } from "../../dom";
import { formatAge, formatFitness, formatInteger, formatTime, formatUsage, shortId } from "../../format";
import { selectionText } from "../../steering";
import { progressText } from "./model";

function fact(label: string, value: Node | string, factId?: string): HTMLElement[] {
  return [h("div", {}, h("dt", {}, label), h("dd", { id: factId }, value))];
}

function candidateLink(id: string): HTMLElement {
  return h("a", { href: `/candidates/${encodeURIComponent(id)}`, class: "mono" }, shortId(id));
}

/** Fills `facts` (a `<dl>`) from the search. */
export function renderFacts(facts: HTMLElement, view: SearchView): void {
  const best = view.best
    ? h(
        "span",
        {},
        h(
          "a",
          { href: `/candidates/${encodeURIComponent(view.best.candidate)}`, class: "mono" },
          formatFitness(view.best.fitness),
        ),
      )
    : "none yet";
  const human = humanBaseline(view);
  const ppo = view.budget.ppo;
  facts.replaceChildren(
    ...fact("Progress", progressText(view), "search-progress"),
    ...fact("Best F", best, "search-best"),
    ...fact(
      "Human reward F",
      view.evaluation
        ? h(
            "span",
            { title: "Mean over the final evaluation\u2019s seeds" },
            `${formatFitness(view.evaluation.human.mean)} (evaluation)`,
          )
        : human === null
          ? "after the evaluation"
          : formatFitness(human),
      "search-human",
    ),
    ...(view.evaluation
      ? fact("HNS", view.evaluation.hns === null ? "undefined" : formatFitness(view.evaluation.hns), "search-hns")
      : []),
    ...fact("Proposer", view.proposer),
    ...fact("Selection", selectionText(view.selection ?? "fitness", view.preference), "search-selection"),
    ...fact(
      "Budget",
      `K ${view.budget.samples} \u00d7 N ${view.budget.iterations} \u00b7 ${formatInteger(Number(ppo.totalTimesteps))} steps per training`,
    ),
    ...fact("Seed", String(view.budget.seed)),
    ...(view.budget.restarts > 1 ? fact("Restarts", String(view.budget.restarts), "search-restarts") : []),
    ...(view.budget.selectionSeeds > 1
      ? fact(
          "Selection seeds",
          `${view.budget.selectionSeeds} (each iteration\u2019s top two by their mean F)`,
          "search-selection-seeds",
        )
      : []),
    ...(view.budget.finetuneFrom
      ? fact("Fine-tuned from", candidateLink(view.budget.finetuneFrom), "search-finetune")
      : []),
    ...fact("Tokens / cost", formatUsage(view.usage)),
    ...fact(
      "Started",
      h(
        "span",
        {},
        `${view.createdBy}, `,
        h("time", { datetime: view.createdAt, title: formatTime(view.createdAt) }, formatAge(view.createdAt)),
      ),
    ),
    ...(view.forkedFrom
      ? fact(
          "Forked from",
          h("a", { href: `/searches/${encodeURIComponent(view.forkedFrom)}`, class: "mono" }, shortId(view.forkedFrom)),
        )
      : []),
  );
}
