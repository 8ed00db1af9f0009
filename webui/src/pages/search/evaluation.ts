// The final evaluation's card (`#evaluation`, `data-status`): its heading counts the seeds; the body is
// evaluationView.ts's.
import type { SearchView } from "../../api";
import { h } from "../../dom";
import { evaluationStatus, renderEvaluation } from "../../evaluationView";
import { evaluationHeadingText } from "./model";

export interface EvaluationPanel {
  element: HTMLElement;
  render(view: SearchView): void;
}

export function setupEvaluationPanel(): EvaluationPanel {
  const body = h("div", { id: "evaluation-body" });
  const heading = h("h2", { id: "evaluation-heading" }, "Final evaluation");
  const element = h(
    "section",
    { class: "card evaluation", id: "evaluation", "aria-labelledby": "evaluation-heading", "aria-live": "polite" },
    heading,
    body,
  );

  function render(view: SearchView): void {
    const status = evaluationStatus(view);
    element.dataset.status = status;
    heading.textContent = evaluationHeadingText(view, status);
    body.replaceChildren(...renderEvaluation(view));
  }

  return { element, render };
}
