// "Restarts, evaluation and curriculum": `#ns-restarts` (R), `#ns-selectionSeeds` (S; 1 selects on one training),
// `#ns-evalSeeds` (E; 0 skips the final evaluation), `#ns-finetuneFrom` (a candidate id, optional) and what the
// evaluation costs (`#ns-eval-cost`).
import { h } from "../../dom";
import type { FormFields } from "./fields";

export interface EvaluationSection {
  element: HTMLElement;
  restarts: HTMLInputElement;
  selectionSeeds: HTMLInputElement;
  evalSeeds: HTMLInputElement;
  finetuneFrom: HTMLInputElement;
  /** The note on what the evaluation costs. */
  cost: HTMLElement;
}

export function setupEvaluationSection(fields: FormFields): EvaluationSection {
  const restarts = h("input", {
    id: "ns-restarts",
    type: "number",
    min: 1,
    max: 16,
    step: 1,
    value: 1,
    required: true,
  });
  const selectionSeeds = h("input", {
    id: "ns-selectionSeeds",
    type: "number",
    min: 1,
    max: 5,
    step: 1,
    value: 1,
    required: true,
  });
  const evalSeeds = h("input", {
    id: "ns-evalSeeds",
    type: "number",
    min: 0,
    max: 32,
    step: 1,
    value: 5,
    required: true,
  });
  const finetuneFrom = h("input", {
    id: "ns-finetuneFrom",
    type: "text",
    class: "mono",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "candidate id (optional)",
  });
  const cost = h("p", { id: "ns-eval-cost", class: "help" });
  const element = h(
    "section",
    { class: "form-section", "aria-labelledby": "ns-eval" },
    h("h2", { id: "ns-eval" }, "Restarts, evaluation and curriculum"),
    h(
      "div",
      { class: "form-row" },
      fields.field(
        "restarts",
        "Restarts (R)",
        restarts,
        "Independent runs of the whole loop, each with its own seed; the best over them wins. 1\u201316.",
      ),
      fields.field(
        "selectionSeeds",
        "Selection seeds (S)",
        selectionSeeds,
        "Each iteration\u2019s top two programs are trained on S \u2212 1 more seeds and the one with the higher mean F is selected, so a lucky seed does not win. 1 selects on the one training; 1\u20135.",
      ),
      fields.field(
        "evalSeeds",
        "Evaluation seeds (E)",
        evalSeeds,
        "After the loop, the best, human and sparse rewards are each trained E times with the full PPO budget to report F \u00b1 sd and the human-normalized score. 0 skips it; 0\u201332.",
      ),
      fields.field(
        "finetuneFrom",
        "Fine-tune from candidate",
        finetuneFrom,
        "Optional. Every training starts from this candidate\u2019s best checkpoint (a curriculum, e.g. reorient \u2192 spin); the evaluation then compares with training from scratch.",
        "grow",
      ),
    ),
    cost,
  );
  return { element, restarts, selectionSeeds, evalSeeds, finetuneFrom, cost };
}
