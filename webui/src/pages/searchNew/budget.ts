// "Search budget": samples per iteration `#ns-samples` (K), iterations `#ns-iterations` (N), `#ns-seed`, the
// selection mode `#ns-selection`, and what the first iteration starts from (`#ns-init-<none|human|program>`,
// with the pasted program's box).
import { h } from "../../dom";
import type { FormFields } from "./fields";
import { REFLECTION_CHOICES, SELECTION_CHOICES } from "./model";
import type { ProgramInputBox } from "./program";

export interface BudgetSection {
  element: HTMLElement;
  samples: HTMLInputElement;
  iterations: HTMLInputElement;
  seed: HTMLInputElement;
  selection: HTMLSelectElement;
  /** Who writes each iteration's reflection: off, add or replace (Eureka-HF). */
  reflection: HTMLSelectElement;
  /** The checked start: "none", "human" or "program". */
  init(): string;
  /**
   * The human proposer trains the human reward once: one iteration, no samples to choose, and it starts from the
   * human reward. Otherwise N goes back to 3 unless the user set it.
   */
  setHumanOnly(human: boolean): void;
  /** Shows the program's box when the pasted program is the start. */
  syncInit(): void;
}

function initOption(value: string, label: string): HTMLElement {
  return h(
    "label",
    { class: "choice inline" },
    h("input", { type: "radio", name: "init", value, id: `ns-init-${value}`, checked: value === "none" }),
    h("span", { class: "choice-label" }, label),
  );
}

export function setupBudget(fields: FormFields, program: ProgramInputBox): BudgetSection {
  const samples = h("input", { id: "ns-samples", type: "number", min: 1, max: 64, step: 1, value: 4, required: true });
  const iterations = h("input", {
    id: "ns-iterations",
    type: "number",
    min: 1,
    max: 50,
    step: 1,
    value: 3,
    required: true,
  });
  const seed = h("input", { id: "ns-seed", type: "number", step: 1, value: 1, required: true });
  const selection = h(
    "select",
    { id: "ns-selection" },
    ...SELECTION_CHOICES.map((c) => h("option", { value: c.value, disabled: c.disabled }, c.label)),
  );
  const reflection = h(
    "select",
    { id: "ns-human-reflection" },
    ...REFLECTION_CHOICES.map((c) => h("option", { value: c.value }, c.label)),
  );
  const initError = h("p", { id: "ns-init-error", class: "error", hidden: true });
  const initGroup = h(
    "fieldset",
    { class: "field choices", id: "ns-init", "aria-describedby": "ns-init-error" },
    h("legend", { class: "label" }, "First iteration starts from"),
    h(
      "div",
      { class: "choice-row" },
      initOption("none", "Proposals from the proposer"),
      initOption("human", "The task\u2019s human reward"),
      initOption("program", "A program I paste"),
    ),
    initError,
  );
  fields.register("init", initError);
  const element = h(
    "section",
    { class: "form-section", "aria-labelledby": "ns-budget" },
    h("h2", { id: "ns-budget" }, "Search budget"),
    h(
      "div",
      { class: "form-row" },
      fields.field("samples", "Samples per iteration (K)", samples, "Programs trained per iteration, 1\u201364."),
      fields.field("iterations", "Iterations (N)", iterations, "Rounds of propose, train, reflect."),
      fields.field("seed", "Seed", seed, "Same seed, same search."),
      fields.field("selection", "Selection", selection, "How an iteration\u2019s best is chosen."),
      fields.field(
        "humanReflection",
        "Reflection",
        reflection,
        "Who writes what the next iteration reads; with a team member, each iteration waits up to 10 minutes.",
      ),
    ),
    initGroup,
    program.element,
  );

  const init = (): string => initGroup.querySelector<HTMLInputElement>('input[name="init"]:checked')?.value ?? "";

  function syncInit(): void {
    program.show(init() === "program");
  }

  function setHumanOnly(human: boolean): void {
    iterations.disabled = human;
    if (human) iterations.value = "1";
    else if (iterations.value === "1" && iterations.dataset.userSet !== "true") iterations.value = "3";
    samples.disabled = human;
    const none = initGroup.querySelector<HTMLInputElement>("#ns-init-none")!;
    none.disabled = human;
    if (human && none.checked) initGroup.querySelector<HTMLInputElement>("#ns-init-human")!.checked = true;
  }

  for (const radio of initGroup.querySelectorAll<HTMLInputElement>('input[name="init"]')) {
    radio.addEventListener("change", syncInit);
  }
  iterations.addEventListener("input", () => {
    iterations.dataset.userSet = "true";
  });

  return { element, samples, iterations, seed, selection, reflection, init, setHumanOnly, syncInit };
}
