// The new-search form: task (with its description and a link to its context), proposer, K, N, seed, selection,
// human initialization (the task's human reward or a pasted program validated as you type, problems shown at
// their lines) and the PPO budget, prefilled from the task's defaults. The server's validation reasons are shown
// beside the field they name. Ids: `#search-form`, `#ns-task`, `#ns-proposer-<name>`, `#ns-samples`,
// `#ns-iterations`, `#ns-seed`, `#ns-selection`, `#ns-init-<none|human|program>`, `#ns-program`, `#ns-ppo-<key>`,
// `#ns-restarts`, `#ns-evalSeeds` (0 skips the final evaluation), `#ns-finetuneFrom` (a candidate id, optional),
// `#ns-submit`; errors in `#ns-<field>-error`, the whole form's in `#ns-message`. The `llm` proposer
// (`#ns-proposer-llm`) is enabled when GET /api/llm says a model is configured; it shows `#ns-llm-box` with
// `#ns-connection`, `#ns-model`, `#ns-tokenBudget`, `#ns-costBudget`. The `replay` proposer shows `#ns-replay-box`
// with `#ns-replayOf` (the replayed search's budget and settings are used).
import { createSearch, getLlmStatus, getTask, listTasks, validateProgram } from "../api";
import type { CreateSearch, LlmStatus, PpoDefaults, Problem, TaskDetail, TaskSummary } from "../api";
import { h } from "../dom";
import { formatInteger, messageBox, reasonOf, say } from "../format";

/** The PPO settings offered on the form; the rest keep the task's defaults. */
export const PPO_FIELDS: readonly { key: string; label: string; help: string; step: string }[] = [
  { key: "totalTimesteps", label: "Total timesteps", help: "Environment steps per training.", step: "1" },
  { key: "numEnvs", label: "Environments", help: "Copies stepped together.", step: "1" },
  { key: "numSteps", label: "Steps per rollout", help: "Per copy, per epoch.", step: "1" },
  { key: "learningRate", label: "Learning rate", help: "Adam step size.", step: "any" },
];

const VALIDATE_DELAY_MS = 400;

/** The form field a server reason is about ("samples: must be ..." -> "samples", "ppo.numEnvs: ..." -> "ppo-numEnvs"). */
export function fieldOfReason(reason: string): string | null {
  const m = /^([A-Za-z]+)(?:\.([A-Za-z]+))?(?::| must| at)/.exec(reason);
  if (m === null) return null;
  const [, head, sub] = m;
  if (head === "ppo") return sub ? `ppo-${sub}` : "ppo";
  if (head === "humanInit") return "init";
  if (
    [
      "task",
      "proposer",
      "samples",
      "iterations",
      "seed",
      "selection",
      "program",
      "restarts",
      "evalSeeds",
      "finetuneFrom",
      "connection",
      "model",
      "tokenBudget",
      "costBudget",
      "replayOf",
    ].includes(head)
  )
    return head;
  return null;
}

/** What the form says under the LLM option when no model is configured. */
export const NO_MODEL_NOTE =
  "no model configured: set REWARDSMITH_LLM_BASE_URL, REWARDSMITH_LLM_API_KEY, REWARDSMITH_LLM_MODEL (docs/llm.md)";

/** Whether the form may offer `llm` (a model is configured and the server lists it) and `replay`. */
export function proposerAvailability(status: LlmStatus | null): { llm: boolean; replay: boolean } {
  if (status === null) return { llm: false, replay: true };
  return { llm: status.configured && status.proposers.includes("llm"), replay: status.proposers.includes("replay") };
}

/** The text of the LLM and replay inputs, as typed. */
export interface ProposerInputs {
  connection: string;
  model: string;
  tokenBudget: string;
  costBudget: string;
  replayOf: string;
}

/**
 * The request fields the chosen proposer adds (the llm settings, or the search to replay), and the messages for
 * inputs the browser can already tell are wrong, by field name. Empty optional inputs are left out, so the server
 * applies its defaults (its default connection, the connection's model, no caps).
 */
export function proposerFields(
  proposer: string,
  inputs: ProposerInputs,
): { fields: Partial<CreateSearch>; errors: Record<string, string> } {
  const fields: Partial<CreateSearch> = {};
  const errors: Record<string, string> = {};
  if (proposer === "llm") {
    const connection = inputs.connection.trim();
    const model = inputs.model.trim();
    if (connection !== "") fields.connection = connection;
    if (model !== "") fields.model = model;
    const tokens = inputs.tokenBudget.trim();
    if (tokens !== "") {
      const n = Number(tokens);
      if (Number.isInteger(n) && n >= 1) fields.tokenBudget = n;
      else errors.tokenBudget = "A whole number of tokens, at least 1 (or empty for no cap).";
    }
    const cost = inputs.costBudget.trim();
    if (cost !== "") {
      const n = Number(cost);
      if (Number.isFinite(n) && n > 0) fields.costBudget = n;
      else errors.costBudget = "A positive amount (or empty for no cap).";
    }
  } else if (proposer === "replay") {
    const replayOf = inputs.replayOf.trim();
    if (replayOf === "") errors.replayOf = "Name the search to replay (its id, from its page).";
    else fields.replayOf = replayOf;
  }
  return { fields, errors };
}

/** The PPO overrides that differ from the task's defaults (numbers only; empty inputs keep the default). */
export function ppoOverrides(defaults: PpoDefaults, values: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, text] of Object.entries(values)) {
    if (text.trim() === "") continue;
    const value = Number(text);
    if (defaults[key] !== value) out[key] = value;
  }
  return out;
}

/**
 * Trainings a search may run: K x N per restart, then the final evaluation's E seeds for each of the best, human
 * and sparse rewards (and the best from scratch too when fine-tuning, for the comparison).
 */
export function trainingsOf(
  samples: number,
  iterations: number,
  restarts: number,
  evalSeeds: number,
  finetune: boolean,
): { search: number; evaluation: number } {
  const n = (v: number): number => (Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  return {
    search: n(samples) * n(iterations) * Math.max(1, n(restarts)),
    evaluation: n(evalSeeds) * (finetune ? 4 : 3),
  };
}

/** Epochs one training will run: totalTimesteps / (numEnvs * numSteps), rounded down. */
export function epochsOf(total: number, envs: number, steps: number): number {
  return envs > 0 && steps > 0 ? Math.floor(total / (envs * steps)) : 0;
}

export function setupSearchNew(root: HTMLElement): void {
  const message = messageBox("ns-message");
  const errors = new Map<string, HTMLElement>();
  const controls = new Map<string, HTMLElement>();

  function field(
    name: string,
    label: string,
    control: HTMLElement,
    help?: string | HTMLElement,
    extra: string = "",
  ): HTMLElement {
    const error = h("p", { id: `ns-${name}-error`, class: "error", hidden: true });
    const helpNode = help === undefined ? null : h("p", { id: `ns-${name}-help`, class: "help" }, help);
    errors.set(name, error);
    controls.set(name, control);
    control.setAttribute(
      "aria-describedby",
      [helpNode ? `ns-${name}-help` : "", `ns-${name}-error`].filter(Boolean).join(" "),
    );
    return h("div", { class: `field ${extra}` }, h("label", { for: control.id }, label), control, helpNode, error);
  }

  function setError(name: string, text: string | null): void {
    const error = errors.get(name);
    const control = controls.get(name);
    if (!error) return;
    error.textContent = text ?? "";
    error.hidden = text === null;
    if (control) {
      if (text === null) control.removeAttribute("aria-invalid");
      else control.setAttribute("aria-invalid", "true");
    }
  }

  function clearErrors(): void {
    for (const name of errors.keys()) setError(name, null);
    say(message, null);
  }

  // ---- Task ----
  const task = h(
    "select",
    { id: "ns-task", name: "task", required: true },
    h("option", { value: "" }, "Loading\u2026"),
  );
  const taskDescription = h("p", { id: "ns-task-description", class: "help" });
  const taskLink = h(
    "a",
    { id: "ns-task-link", href: "/tasks" },
    "See the task, its rewards and the source the proposer reads",
  );

  // ---- Proposer ----
  function proposerOption(value: string, label: string, help: string, disabled = false): HTMLElement {
    return h(
      "label",
      { class: `choice${disabled ? " disabled" : ""}` },
      h("input", {
        type: "radio",
        name: "proposer",
        value,
        id: `ns-proposer-${value}`,
        checked: value === "offline",
        disabled,
      }),
      h(
        "span",
        { class: "choice-text" },
        h("span", { class: "choice-label" }, label),
        h("span", { class: "help", id: `ns-proposer-${value}-help` }, help),
      ),
    );
  }
  const proposerGroup = h(
    "fieldset",
    { class: "field choices", id: "ns-proposer", "aria-describedby": "ns-proposer-error" },
    h("legend", { class: "label" }, "Proposer"),
    proposerOption("offline", "Offline", "Edits programs by rules (no LLM, no cost). Good for trying things out."),
    proposerOption("human", "Human reward only", "Trains the task's human reward once: a baseline to compare with."),
    proposerOption("llm", "LLM", NO_MODEL_NOTE, true),
    proposerOption(
      "replay",
      "Replay",
      "Replays the stored model answers of an earlier search on this task: the same proposals, no model called.",
    ),
    h("p", { id: "ns-proposer-error", class: "error", hidden: true }),
  );
  errors.set("proposer", proposerGroup.querySelector("#ns-proposer-error")!);
  const connection = h(
    "select",
    { id: "ns-connection" },
    h("option", { value: "" }, "The server\u2019s default connection"),
  );
  const model = h("input", {
    id: "ns-model",
    type: "text",
    class: "mono",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: 128,
    placeholder: "the connection\u2019s model",
  });
  const tokenBudget = h("input", { id: "ns-tokenBudget", type: "number", min: 1, step: 1, placeholder: "no cap" });
  const costBudget = h("input", { id: "ns-costBudget", type: "number", min: 0, step: "any", placeholder: "no cap" });
  const replayOf = h("input", {
    id: "ns-replayOf",
    type: "text",
    class: "mono",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: 64,
    placeholder: "search id",
  });

  // ---- Budget ----
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
  const restarts = h("input", {
    id: "ns-restarts",
    type: "number",
    min: 1,
    max: 16,
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
  const evalCost = h("p", { id: "ns-eval-cost", class: "help" });
  const selection = h(
    "select",
    { id: "ns-selection" },
    h("option", { value: "fitness" }, "Fitness (highest F)"),
    h("option", { value: "preference", disabled: true }, "Preference (needs team votes: not available yet)"),
    h("option", { value: "mixed", disabled: true }, "Mixed (needs team votes: not available yet)"),
  );

  // ---- Human initialization ----
  function initOption(value: string, label: string): HTMLElement {
    return h(
      "label",
      { class: "choice inline" },
      h("input", { type: "radio", name: "init", value, id: `ns-init-${value}`, checked: value === "none" }),
      h("span", { class: "choice-label" }, label),
    );
  }
  const program = h("textarea", {
    id: "ns-program",
    rows: 12,
    spellcheck: "false",
    class: "mono",
    placeholder: "double reward(CartPoleState s, Components c) { ... }",
    "aria-describedby": "ns-program-status ns-program-error",
  });
  controls.set("program", program);
  const programStatus = h("p", { id: "ns-program-status", class: "help", "aria-live": "polite" });
  const programProblems = h("ol", { id: "ns-program-problems", class: "problems" });
  const programError = h("p", { id: "ns-program-error", class: "error", hidden: true });
  errors.set("program", programError);
  const programBox = h(
    "div",
    { id: "ns-program-box", class: "field", hidden: true },
    h("label", { for: "ns-program" }, "Reward program"),
    program,
    programStatus,
    programProblems,
    programError,
  );
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
    h("p", { id: "ns-init-error", class: "error", hidden: true }),
  );
  errors.set("init", initGroup.querySelector("#ns-init-error")!);

  // ---- PPO ----
  const ppoInputs = new Map<string, HTMLInputElement>();
  const ppoFields = PPO_FIELDS.map((f) => {
    const input = h("input", { id: `ns-ppo-${f.key}`, type: "number", step: f.step, min: 0 });
    ppoInputs.set(f.key, input);
    return field(`ppo-${f.key}`, f.label, input, f.help);
  });
  const ppoSummary = h("p", { id: "ns-ppo-summary", class: "help" });
  const ppoError = h("p", { id: "ns-ppo-error", class: "error", hidden: true });
  errors.set("ppo", ppoError);

  const submit = h("button", { id: "ns-submit", class: "primary", type: "submit" }, "Start search");
  const form = h(
    "form",
    { id: "search-form", class: "card form-card", novalidate: true },
    h(
      "section",
      { class: "form-section", "aria-labelledby": "ns-what" },
      h("h2", { id: "ns-what" }, "What to design a reward for"),
      field("task", "Task", task, taskDescription, "grow"),
      h("p", { class: "help" }, taskLink),
    ),
    h(
      "section",
      { class: "form-section", "aria-labelledby": "ns-who" },
      h("h2", { id: "ns-who" }, "Who proposes programs"),
      proposerGroup,
      h(
        "div",
        { id: "ns-llm-box", class: "form-row", hidden: true },
        field("connection", "LLM connection", connection, "A named connection set up by an admin."),
        field("model", "Model", model, "Optional: overrides the connection\u2019s model."),
        field("tokenBudget", "Token cap", tokenBudget, "Optional: prompt + completion tokens for the whole search."),
        field("costBudget", "Cost cap", costBudget, "Optional: in the price table\u2019s currency (USD)."),
      ),
      h(
        "div",
        { id: "ns-replay-box", hidden: true },
        field(
          "replayOf",
          "Search to replay",
          replayOf,
          "Its budget, seed and training settings are used; the fields below are ignored.",
          "grow",
        ),
      ),
    ),
    h(
      "section",
      { class: "form-section", "aria-labelledby": "ns-budget" },
      h("h2", { id: "ns-budget" }, "Search budget"),
      h(
        "div",
        { class: "form-row" },
        field("samples", "Samples per iteration (K)", samples, "Programs trained per iteration, 1\u201364."),
        field("iterations", "Iterations (N)", iterations, "Rounds of propose, train, reflect."),
        field("seed", "Seed", seed, "Same seed, same search."),
        field("selection", "Selection", selection, "How an iteration\u2019s best is chosen."),
      ),
      initGroup,
      programBox,
    ),
    h(
      "section",
      { class: "form-section", "aria-labelledby": "ns-eval" },
      h("h2", { id: "ns-eval" }, "Restarts, evaluation and curriculum"),
      h(
        "div",
        { class: "form-row" },
        field(
          "restarts",
          "Restarts (R)",
          restarts,
          "Independent runs of the whole loop, each with its own seed; the best over them wins. 1\u201316.",
        ),
        field(
          "evalSeeds",
          "Evaluation seeds (E)",
          evalSeeds,
          "After the loop, the best, human and sparse rewards are each trained E times with the full PPO budget to report F \u00b1 sd and the human-normalized score. 0 skips it; 0\u201332.",
        ),
        field(
          "finetuneFrom",
          "Fine-tune from candidate",
          finetuneFrom,
          "Optional. Every training starts from this candidate\u2019s best checkpoint (a curriculum, e.g. reorient \u2192 spin); the evaluation then compares with training from scratch.",
          "grow",
        ),
      ),
      evalCost,
    ),
    h(
      "section",
      { class: "form-section", "aria-labelledby": "ns-ppo" },
      h("h2", { id: "ns-ppo" }, "Training budget (PPO)"),
      h(
        "p",
        { class: "help" },
        "Prefilled with the task\u2019s defaults. A small budget finishes in seconds; learning needs more.",
      ),
      h("div", { class: "form-row" }, ...ppoFields),
      ppoSummary,
      ppoError,
    ),
    h("div", { class: "actions form-actions" }, submit, h("a", { class: "button subtle", href: "/" }, "Cancel")),
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

  let tasks: TaskSummary[] = [];
  let detail: TaskDetail | null = null;
  let validation = 0;
  let validateTimer: ReturnType<typeof setTimeout> | null = null;
  let programValid: boolean | null = null;

  function selected(name: string): string {
    return form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? "";
  }

  function syncProposer(): void {
    const human = selected("proposer") === "human";
    iterations.disabled = human;
    if (human) iterations.value = "1";
    else if (iterations.value === "1" && iterations.dataset.userSet !== "true") iterations.value = "3";
    samples.disabled = human;
    const none = form.querySelector<HTMLInputElement>("#ns-init-none")!;
    none.disabled = human;
    if (human && none.checked) form.querySelector<HTMLInputElement>("#ns-init-human")!.checked = true;
    form.querySelector<HTMLElement>("#ns-llm-box")!.hidden = selected("proposer") !== "llm";
    form.querySelector<HTMLElement>("#ns-replay-box")!.hidden = selected("proposer") !== "replay";
    syncInit();
  }

  /** Offers `llm` when a model is configured, with the connections an operator may name. */
  async function loadLlm(): Promise<void> {
    let status: LlmStatus;
    try {
      status = await getLlmStatus();
    } catch {
      return; // The option stays disabled with its note; the server checks the proposer anyway.
    }
    const available = proposerAvailability(status);
    const llm = form.querySelector<HTMLInputElement>("#ns-proposer-llm")!;
    const replay = form.querySelector<HTMLInputElement>("#ns-proposer-replay")!;
    llm.disabled = !available.llm;
    llm.closest("label")?.classList.toggle("disabled", !available.llm);
    replay.disabled = !available.replay;
    replay.closest("label")?.classList.toggle("disabled", !available.replay);
    const help = form.querySelector<HTMLElement>("#ns-proposer-llm-help")!;
    if (!available.llm) {
      help.textContent = NO_MODEL_NOTE;
      return;
    }
    help.textContent = "A model writes the programs, with reflection on each iteration (Eureka). Costs tokens.";
    const fallback = status.connections.find((c) => c.configured) ?? status.connections[0];
    connection.replaceChildren(
      h(
        "option",
        { value: "" },
        fallback ? `Default (${fallback.name}, ${fallback.model})` : "The server\u2019s default",
      ),
      ...status.connections.map((c) => h("option", { value: c.name, "data-model": c.model }, `${c.name} (${c.model})`)),
    );
    const syncModel = (): void => {
      const chosen = status.connections.find((c) => c.name === connection.value) ?? fallback;
      model.placeholder = chosen ? chosen.model : "the connection\u2019s model";
    };
    connection.addEventListener("change", syncModel);
    syncModel();
    // The server's default proposer, unless the user has already picked one.
    if (status.defaultProposer === "llm" && form.dataset.proposerTouched !== "true") {
      llm.checked = true;
      syncProposer();
    }
  }

  function syncInit(): void {
    programBox.hidden = selected("init") !== "program";
    if (!programBox.hidden) scheduleValidation();
  }

  function syncPpoSummary(): void {
    const total = Number(ppoInputs.get("totalTimesteps")!.value);
    const envs = Number(ppoInputs.get("numEnvs")!.value);
    const steps = Number(ppoInputs.get("numSteps")!.value);
    const epochs = epochsOf(total, envs, steps);
    const t = trainingsOf(
      Number(samples.value),
      Number(iterations.value),
      Number(restarts.value),
      Number(evalSeeds.value),
      finetuneFrom.value.trim() !== "",
    );
    ppoSummary.textContent =
      epochs > 0
        ? `${formatInteger(epochs)} epochs of ${formatInteger(envs * steps)} steps per training; up to ${formatInteger(
            t.search,
          )} trainings in the search` +
          (t.evaluation > 0 ? ` and ${formatInteger(t.evaluation)} in the final evaluation.` : ".")
        : "";
    evalCost.textContent =
      t.evaluation > 0
        ? `The evaluation adds up to ${formatInteger(t.evaluation)} trainings of ${formatInteger(total)} steps each (baselines trained before with the same seeds and budget are reused from the cache).`
        : "No final evaluation: the search ends after its last iteration, without sparse baseline or HNS.";
  }

  async function loadTasks(): Promise<void> {
    try {
      tasks = await listTasks();
    } catch (error) {
      task.replaceChildren(h("option", { value: "" }, "Tasks could not be loaded"));
      setError("task", reasonOf(error));
      return;
    }
    if (tasks.length === 0) {
      task.replaceChildren(h("option", { value: "" }, "No tasks on this server"));
      submit.disabled = true;
      return;
    }
    task.replaceChildren(...tasks.map((t) => h("option", { value: t.id }, t.id)));
    const wanted = new URLSearchParams(location.search).get("task");
    task.value = tasks.some((t) => t.id === wanted)
      ? wanted!
      : tasks.some((t) => t.id === "cartpole")
        ? "cartpole"
        : tasks[0].id;
    await selectTask();
  }

  async function selectTask(): Promise<void> {
    const id = task.value;
    const summary = tasks.find((t) => t.id === id);
    taskDescription.textContent = summary?.description ?? "";
    if (summary) program.placeholder = `double reward(${summary.stateType} s, Components c) {\n  ...\n}`;
    taskLink.setAttribute("href", `/tasks#${encodeURIComponent(id)}`);
    setError("task", null);
    form.dataset.ready = "false";
    try {
      detail = await getTask(id);
    } catch (error) {
      setError("task", `Its training defaults could not be loaded: ${reasonOf(error)}`);
      return;
    }
    if (task.value !== id) return;
    for (const [key, input] of ppoInputs) {
      const value = detail.ppoDefaults[key];
      input.value = typeof value === "number" ? String(value) : "";
    }
    syncPpoSummary();
    form.dataset.ready = "true";
    if (!programBox.hidden) scheduleValidation();
  }

  function scheduleValidation(): void {
    if (validateTimer !== null) clearTimeout(validateTimer);
    validateTimer = setTimeout(() => void validate(), VALIDATE_DELAY_MS);
  }

  async function validate(): Promise<void> {
    validateTimer = null;
    const current = ++validation;
    const source = program.value;
    programError.hidden = true;
    if (source.trim() === "") {
      programValid = null;
      programStatus.textContent = "Paste a reward program for this task; it is checked as you type.";
      delete programStatus.dataset.tone;
      programProblems.replaceChildren();
      program.removeAttribute("aria-invalid");
      return;
    }
    programStatus.textContent = "Checking\u2026";
    try {
      const result = await validateProgram(task.value, source);
      if (current !== validation) return;
      if (result.valid) {
        programValid = true;
        programStatus.textContent = `Valid. Components: ${result.components.join(", ") || "none"}.`;
        programStatus.dataset.tone = "success";
        programProblems.replaceChildren();
        program.removeAttribute("aria-invalid");
      } else {
        programValid = false;
        programStatus.textContent = `${result.problems.length} ${result.problems.length === 1 ? "problem" : "problems"}:`;
        programStatus.dataset.tone = "error";
        programProblems.replaceChildren(...result.problems.map((p) => problemItem(p, source)));
        program.setAttribute("aria-invalid", "true");
      }
    } catch (error) {
      if (current !== validation) return;
      programValid = null;
      programStatus.textContent = `Could not check the program: ${reasonOf(error)}`;
      programStatus.dataset.tone = "error";
    }
  }

  /** A problem with the line it is on and a caret under its column; clicking it selects that line. */
  function problemItem(problem: Problem, source: string): HTMLLIElement {
    const lines = source.split("\n");
    const text = lines[problem.line - 1] ?? "";
    const button = h(
      "button",
      { type: "button", class: "subtle small problem-at" },
      `Line ${problem.line}, column ${problem.column}`,
    );
    button.addEventListener("click", () => {
      const start = lines.slice(0, problem.line - 1).reduce((n, l) => n + l.length + 1, 0);
      program.focus();
      program.setSelectionRange(start, start + text.length);
    });
    return h(
      "li",
      { "data-line": problem.line },
      h("div", { class: "problem-head" }, button, h("span", { class: "problem-message" }, problem.message)),
      problem.line > 0
        ? h(
            "pre",
            { class: "problem-source" },
            `${String(problem.line).padStart(4)} | ${text}\n     | ${" ".repeat(Math.max(0, problem.column - 1))}^`,
          )
        : null,
    );
  }

  function body(): CreateSearch | null {
    const init = selected("init");
    const proposer = selected("proposer");
    const extra = proposerFields(proposer, {
      connection: connection.value,
      model: model.value,
      tokenBudget: tokenBudget.value,
      costBudget: costBudget.value,
      replayOf: replayOf.value,
    });
    for (const [name, text] of Object.entries(extra.errors)) setError(name, text);
    if (proposer === "replay") {
      // A replay takes the replayed search's spec; only the task (checked to be the same) goes along.
      if (task.value === "") setError("task", "Choose a task.");
      return task.value !== "" && Object.keys(extra.errors).length === 0
        ? { task: task.value, proposer, ...extra.fields }
        : null;
    }
    const values: Record<string, string> = {};
    for (const [key, input] of ppoInputs) values[key] = input.value;
    const request: CreateSearch = {
      task: task.value,
      proposer,
      samples: Number(samples.value),
      iterations: Number(iterations.value),
      seed: Number(seed.value),
      selection: selection.value,
      humanInit: init !== "none" || proposer === "human",
      restarts: Number(restarts.value),
      evalSeeds: Number(evalSeeds.value),
      ...extra.fields,
    };
    if (finetuneFrom.value.trim() !== "") request.finetuneFrom = finetuneFrom.value.trim();
    if (init === "program") request.program = program.value;
    const ppo = ppoOverrides(detail?.ppoDefaults ?? {}, values);
    if (Object.keys(ppo).length > 0) request.ppo = ppo;
    // Checks the browser can make at once; the server checks everything again and its reasons are shown too.
    let ok = Object.keys(extra.errors).length === 0;
    const need = (name: string, good: boolean, text: string): void => {
      if (!good) {
        setError(name, text);
        ok = false;
      }
    };
    need("task", request.task !== "", "Choose a task.");
    need(
      "samples",
      Number.isInteger(request.samples) && request.samples! >= 1 && request.samples! <= 64,
      "A whole number from 1 to 64.",
    );
    need("iterations", Number.isInteger(request.iterations) && request.iterations! >= 1, "A whole number, at least 1.");
    need("seed", Number.isInteger(request.seed), "A whole number.");
    need(
      "restarts",
      Number.isInteger(request.restarts) && request.restarts! >= 1 && request.restarts! <= 16,
      "A whole number from 1 to 16.",
    );
    need(
      "evalSeeds",
      Number.isInteger(request.evalSeeds) && request.evalSeeds! >= 0 && request.evalSeeds! <= 32,
      "A whole number from 0 to 32 (0 skips the evaluation).",
    );
    if (init === "program") {
      need("program", program.value.trim() !== "", "Paste a program, or choose another start.");
      need("program", programValid !== false, "Fix the problems listed above first.");
    }
    for (const [key, text] of Object.entries(values)) {
      need(
        `ppo-${key}`,
        text.trim() === "" || (Number.isFinite(Number(text)) && Number(text) > 0),
        "A positive number.",
      );
    }
    return ok ? request : null;
  }

  task.addEventListener("change", () => void selectTask());
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="proposer"]')) {
    radio.addEventListener("change", () => {
      form.dataset.proposerTouched = "true";
      syncProposer();
    });
  }
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="init"]')) {
    radio.addEventListener("change", syncInit);
  }
  iterations.addEventListener("input", () => {
    iterations.dataset.userSet = "true";
    syncPpoSummary();
  });
  samples.addEventListener("input", syncPpoSummary);
  for (const input of [restarts, evalSeeds, finetuneFrom]) input.addEventListener("input", syncPpoSummary);
  for (const input of ppoInputs.values()) input.addEventListener("input", syncPpoSummary);
  program.addEventListener("input", () => {
    programValid = null;
    scheduleValidation();
  });

  // A field's message goes as soon as the field is edited.
  form.addEventListener("input", (event) => {
    for (const [name, control] of controls) if (control === event.target) setError(name, null);
    // The form's "see the message beside the field" goes too once no field has a message left.
    if (message.dataset.tone === "error" && [...errors.values()].every((e) => e.hidden)) say(message, null);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const request = body();
    if (request === null) {
      say(message, "Some fields need a change; see the messages beside them.", "error");
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = "Starting\u2026";
    void createSearch(request).then(
      (view) => {
        location.assign(`/searches/${encodeURIComponent(view.id)}`);
      },
      (error: unknown) => {
        submit.disabled = false;
        submit.textContent = "Start search";
        const reason = reasonOf(error);
        const name = fieldOfReason(reason);
        if (name !== null && errors.has(name)) {
          setError(name, reason);
          (controls.get(name) ?? errors.get(name))?.focus?.();
          say(message, "The server did not accept the search; see the message beside the field.", "error");
        } else {
          say(message, `The search could not be started: ${reason}`, "error");
        }
      },
    );
  });

  syncProposer();
  void loadTasks();
  void loadLlm();
}
