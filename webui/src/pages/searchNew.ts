// The new-search form: task (with its description and a link to its context), proposer, K, N, seed, selection,
// human initialization (the task's human reward or a pasted program validated as you type, problems shown at
// their lines) and the PPO budget, prefilled from the task's defaults. The server's validation reasons are shown
// beside the field they name. The sections are the components in ./searchNew/; this module wires them together.
// Ids: `#search-form`, `#ns-task`, `#ns-proposer-<name>`, `#ns-samples`,
// `#ns-iterations`, `#ns-seed`, `#ns-selection`, `#ns-init-<none|human|program>`, `#ns-program`, `#ns-ppo-<key>`,
// `#ns-restarts`, `#ns-selectionSeeds` (1 selects on one training), `#ns-evalSeeds` (0 skips the final evaluation), `#ns-finetuneFrom` (a candidate id, optional),
// `#ns-submit`; errors in `#ns-<field>-error`, the whole form's in `#ns-message`. The `llm` proposer
// (`#ns-proposer-llm`) is enabled when GET /api/llm says a model is configured; it shows `#ns-llm-box` with
// `#ns-connection`, `#ns-model`, `#ns-tokenBudget`, `#ns-costBudget`. The `replay` proposer shows `#ns-replay-box`
// with `#ns-replayOf` (the replayed search's budget and settings are used).
import { createSearch } from "../api";
import type { CreateSearch } from "../api";
import { h } from "../dom";
import { messageBox, say } from "../format";
import { isProposer, isReflectionMode, isSelectionMode } from "../vocabulary";
import { setupBudget } from "./searchNew/budget";
import { setupEvaluationSection } from "./searchNew/evaluation";
import { FormFields } from "./searchNew/fields";
import { budgetSummary, ppoOverrides, requestErrors } from "./searchNew/model";
import { setupPpoSection } from "./searchNew/ppo";
import { setupProgramInput } from "./searchNew/program";
import { setupProposer } from "./searchNew/proposer";
import { setupSubmit, showInvalid, showServerError } from "./searchNew/submit";
import { setupTaskPicker } from "./searchNew/taskPicker";

export function setupSearchNew(root: HTMLElement): void {
  const message = messageBox("ns-message");
  const fields = new FormFields();
  const submit = setupSubmit();
  const task = setupTaskPicker({
    fields,
    onNone: () => (submit.button.disabled = true),
    onChoose: (summary) => {
      if (summary) program.textarea.placeholder = `double reward(${summary.stateType} s, Components c) {\n  ...\n}`;
      form.dataset.ready = "false";
    },
    onDetail: (detail) => {
      ppo.fill(detail.ppoDefaults);
      syncSummary();
      form.dataset.ready = "true";
      if (program.visible()) program.scheduleValidation();
    },
  });
  const proposer = setupProposer({
    fields,
    onChange: (byUser) => {
      if (byUser) form.dataset.proposerTouched = "true";
      syncProposer();
    },
  });
  const program = setupProgramInput({ fields, task: () => task.value() });
  const budget = setupBudget(fields, program);
  const evaluation = setupEvaluationSection(fields);
  const ppo = setupPpoSection(fields);
  const form = h(
    "form",
    { id: "search-form", class: "card form-card", novalidate: true },
    task.element,
    proposer.element,
    budget.element,
    evaluation.element,
    ppo.element,
    submit.element,
  );

  root.replaceChildren(
    h(
      "div",
      { class: "page-head" },
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "/" }, "Searches"), " / New"),
      h("h1", {}, "New search"),
      h(
        "p",
        { class: "lead" },
        "Pick a task and a budget. The search starts as soon as you submit, and its page shows it live.",
      ),
    ),
    message,
    form,
  );

  function syncProposer(): void {
    budget.setHumanOnly(proposer.value() === "human");
    proposer.sync();
    budget.syncInit();
  }

  function syncSummary(): void {
    const text = budgetSummary({
      samples: Number(budget.samples.value),
      iterations: Number(budget.iterations.value),
      restarts: Number(evaluation.restarts.value),
      evalSeeds: Number(evaluation.evalSeeds.value),
      selectionSeeds: Number(evaluation.selectionSeeds.value),
      finetune: evaluation.finetuneFrom.value.trim() !== "",
      totalTimesteps: ppo.number("totalTimesteps"),
      numEnvs: ppo.number("numEnvs"),
      numSteps: ppo.number("numSteps"),
    });
    ppo.summary.textContent = text.ppo;
    evaluation.cost.textContent = text.evaluation;
  }

  /** The request, or null when a check the browser can make failed (its message is then beside the field). */
  function body(): CreateSearch | null {
    const init = budget.init();
    const name = proposer.value();
    const chosen = isProposer(name) ? name : undefined;
    const extra = proposer.requestFields();
    for (const [field, text] of Object.entries(extra.errors)) fields.setError(field, text);
    const taskId = task.value();
    if (chosen === "replay") {
      // A replay takes the replayed search's spec; only the task (checked to be the same) goes along.
      if (taskId === "") fields.setError("task", "Choose a task.");
      return taskId !== "" && Object.keys(extra.errors).length === 0
        ? { task: taskId, proposer: chosen, ...extra.fields }
        : null;
    }
    const values = ppo.values();
    const selection = budget.selection.value;
    const reflection = budget.reflection.value;
    const request: CreateSearch = {
      task: taskId,
      proposer: chosen,
      samples: Number(budget.samples.value),
      iterations: Number(budget.iterations.value),
      seed: Number(budget.seed.value),
      selection: isSelectionMode(selection) ? selection : undefined,
      humanInit: init !== "none" || chosen === "human",
      restarts: Number(evaluation.restarts.value),
      selectionSeeds: Number(evaluation.selectionSeeds.value),
      evalSeeds: Number(evaluation.evalSeeds.value),
      ...extra.fields,
    };
    const finetuneFrom = evaluation.finetuneFrom.value.trim();
    if (finetuneFrom !== "") request.finetuneFrom = finetuneFrom;
    if (isReflectionMode(reflection) && reflection !== "off") request.humanReflection = reflection;
    if (init === "program") request.program = program.textarea.value;
    const overrides = ppoOverrides(task.detail()?.ppoDefaults ?? {}, values);
    if (Object.keys(overrides).length > 0) request.ppo = overrides;
    // Checks the browser can make at once; the server checks everything again and its reasons are shown too.
    const errors = requestErrors(request, { init, text: program.textarea.value, valid: program.valid() }, values);
    for (const [field, text] of errors) fields.setError(field, text);
    return errors.length === 0 && Object.keys(extra.errors).length === 0 ? request : null;
  }

  budget.iterations.addEventListener("input", syncSummary);
  budget.samples.addEventListener("input", syncSummary);
  for (const input of [evaluation.restarts, evaluation.selectionSeeds, evaluation.evalSeeds, evaluation.finetuneFrom]) {
    input.addEventListener("input", syncSummary);
  }
  for (const input of ppo.inputs.values()) input.addEventListener("input", syncSummary);

  // A field's message goes as soon as the field is edited.
  form.addEventListener("input", (event) => {
    fields.clearFor(event.target);
    // The form's "see the message beside the field" goes too once no field has a message left.
    if (message.dataset.tone === "error" && fields.allClear()) say(message, null);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fields.clearErrors();
    say(message, null);
    const request = body();
    if (request === null) {
      showInvalid(form, message);
      return;
    }
    submit.busy(true);
    void createSearch(request).then(
      (view) => {
        location.assign(`/searches/${encodeURIComponent(view.id)}`);
      },
      (error: unknown) => {
        submit.busy(false);
        showServerError(error, fields, message);
      },
    );
  });

  syncProposer();
  void task.load();
  void proposer.loadLlm(() => form.dataset.proposerTouched !== "true");
}
