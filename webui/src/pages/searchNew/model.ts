// The new-search form's pure logic (no DOM): the choices it offers, the request fields the inputs make, the
// checks the browser can make at once, the budget's summary, and which field a server error is about.
import { ApiError } from "../../api";
import type { CreateSearch, LlmStatus, PpoDefaults } from "../../api";
import { formatInteger } from "../../format";
import { PROPOSERS, REFLECTION_MODES, SELECTION_MODES } from "../../vocabulary";
import type { Proposer, ReflectionMode, SelectionMode } from "../../vocabulary";

/** What the form says under the LLM option when no model is configured. */
export const NO_MODEL_NOTE =
  "no model configured: set REWARDSMITH_LLM_BASE_URL, REWARDSMITH_LLM_API_KEY, REWARDSMITH_LLM_MODEL (docs/llm.md)";

/** The proposer choices, in the vocabulary's order; `llm` starts disabled until GET /api/llm says otherwise. */
export const PROPOSER_CHOICES: readonly { value: Proposer; label: string; help: string; disabled: boolean }[] = (() => {
  const text: Record<Proposer, { label: string; help: string; disabled: boolean }> = {
    offline: {
      label: "Offline",
      help: "Edits programs by rules (no LLM, no cost). Good for trying things out.",
      disabled: false,
    },
    human: {
      label: "Human reward only",
      help: "Trains the task's human reward once: a baseline to compare with.",
      disabled: false,
    },
    llm: { label: "LLM", help: NO_MODEL_NOTE, disabled: true },
    replay: {
      label: "Replay",
      help: "Replays the stored model answers of an earlier search on this task: the same proposals, no model called.",
      disabled: false,
    },
  };
  return PROPOSERS.map((value) => ({ value, ...text[value] }));
})();

/** The proposer checked when the form opens. */
export const DEFAULT_PROPOSER: Proposer = "offline";

/** Who writes each iteration's reflection (Eureka-HF), in the vocabulary's order. */
export const REFLECTION_CHOICES: readonly { value: ReflectionMode; label: string }[] = (() => {
  const text: Record<ReflectionMode, string> = {
    off: "Automatic (Eureka)",
    add: "Automatic + a team member\u2019s text",
    replace: "A team member\u2019s text instead",
  };
  return REFLECTION_MODES.map((value) => ({ value, label: text[value] }));
})();

/** The selection choices, in the vocabulary's order; the voting ones are offered but not available yet. */
export const SELECTION_CHOICES: readonly { value: SelectionMode; label: string; disabled: boolean }[] = (() => {
  const text: Record<SelectionMode, { label: string; disabled: boolean }> = {
    fitness: { label: "Fitness (highest F)", disabled: false },
    preference: { label: "Preference (needs team votes: not available yet)", disabled: true },
    mixed: { label: "Mixed (needs team votes: not available yet)", disabled: true },
  };
  return SELECTION_MODES.map((value) => ({ value, ...text[value] }));
})();

/** The PPO settings offered on the form; the rest keep the task's defaults. */
export const PPO_FIELDS: readonly { key: string; label: string; help: string; step: string }[] = [
  { key: "totalTimesteps", label: "Total timesteps", help: "Environment steps per training.", step: "1" },
  { key: "numEnvs", label: "Environments", help: "Copies stepped together.", step: "1" },
  { key: "numSteps", label: "Steps per rollout", help: "Per copy, per epoch.", step: "1" },
  { key: "learningRate", label: "Learning rate", help: "Adam step size.", step: "any" },
];

/** Request fields that have a field of the same name on the form. */
const FORM_FIELDS: ReadonlySet<string> = new Set([
  "task",
  "proposer",
  "samples",
  "iterations",
  "seed",
  "selection",
  "program",
  "restarts",
  "selectionSeeds",
  "evalSeeds",
  "finetuneFrom",
  "connection",
  "model",
  "tokenBudget",
  "costBudget",
  "replayOf",
]);

/** The form field of a request field ("samples" -> "samples", "ppo.numEnvs" -> "ppo-numEnvs", "humanInit" -> "init"). */
export function formFieldOf(requestField: string): string | null {
  const [head, sub, ...rest] = requestField.split(".");
  if (rest.length > 0) return null;
  if (head === "ppo") return sub ? `ppo-${sub}` : "ppo";
  if (sub !== undefined) return null;
  if (head === "humanInit") return "init";
  return FORM_FIELDS.has(head) ? head : null;
}

/** The form field a server reason is about ("samples: must be ..." -> "samples", "ppo.numEnvs: ..." -> "ppo-numEnvs"). */
export function fieldOfReason(reason: string): string | null {
  const m = /^([A-Za-z]+)(?:\.([A-Za-z]+))?(?::| must| at)/.exec(reason);
  if (m === null) return null;
  const [, head, sub] = m;
  return formFieldOf(head === "ppo" && sub ? `ppo.${sub}` : head);
}

/** The form field a failed request is about: the error body's `field` when it names one. */
export function fieldOfError(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.field !== undefined) return formFieldOf(error.field);
  // Fallback for a server that sends no `field` yet: read the field's name from the front of the reason.
  return fieldOfReason(error.reason);
}

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

/** The program the first iteration may start from: which start is chosen, the pasted text, and its check. */
export interface ProgramInput {
  init: string;
  text: string;
  /** True when valid, false when it has problems, null when unchecked. */
  valid: boolean | null;
}

/**
 * The checks the browser can make at once on a (non-replay) request, as [field, message] in the order they are
 * made (a later message for the same field replaces an earlier one). The server checks everything again.
 */
export function requestErrors(
  request: CreateSearch,
  program: ProgramInput,
  ppoValues: Record<string, string>,
): [string, string][] {
  const errors: [string, string][] = [];
  const need = (name: string, good: boolean, text: string): void => {
    if (!good) errors.push([name, text]);
  };
  const whole = (n: number | undefined, min: number, max: number): boolean =>
    Number.isInteger(n) && n! >= min && n! <= max;
  need("task", request.task !== "", "Choose a task.");
  need("samples", whole(request.samples, 1, 64), "A whole number from 1 to 64.");
  need("iterations", whole(request.iterations, 1, Infinity), "A whole number, at least 1.");
  need("seed", Number.isInteger(request.seed), "A whole number.");
  need("restarts", whole(request.restarts, 1, 16), "A whole number from 1 to 16.");
  need(
    "selectionSeeds",
    request.selectionSeeds === undefined || whole(request.selectionSeeds, 1, 5),
    "A whole number from 1 to 5 (1: one training).",
  );
  need("evalSeeds", whole(request.evalSeeds, 0, 32), "A whole number from 0 to 32 (0 skips the evaluation).");
  if (program.init === "program") {
    need("program", program.text.trim() !== "", "Paste a program, or choose another start.");
    need("program", program.valid !== false, "Fix the problems listed above first.");
  }
  for (const [key, text] of Object.entries(ppoValues)) {
    need(`ppo-${key}`, text.trim() === "" || (Number.isFinite(Number(text)) && Number(text) > 0), "A positive number.");
  }
  return errors;
}

/** How many of an iteration's candidates are re-scored on the further selection seeds (the server's rule). */
export const RESCORED_PER_ITERATION = 2;

/**
 * Trainings a search may run: K x N per restart, plus, with S selection seeds, each iteration's top two (at most K)
 * on S - 1 more seeds; then the final evaluation's E seeds for each of the best, human and sparse rewards (and the
 * best from scratch too when fine-tuning, for the comparison).
 */
export function trainingsOf(
  samples: number,
  iterations: number,
  restarts: number,
  evalSeeds: number,
  finetune: boolean,
  selectionSeeds = 1,
): { search: number; evaluation: number } {
  const n = (v: number): number => (Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  const rounds = n(iterations) * Math.max(1, n(restarts));
  const rescored = Math.min(RESCORED_PER_ITERATION, n(samples)) * Math.max(0, n(selectionSeeds) - 1);
  return {
    search: n(samples) * rounds + rescored * rounds,
    evaluation: n(evalSeeds) * (finetune ? 4 : 3),
  };
}

/** Epochs one training will run: totalTimesteps / (numEnvs * numSteps), rounded down. */
export function epochsOf(total: number, envs: number, steps: number): number {
  return envs > 0 && steps > 0 ? Math.floor(total / (envs * steps)) : 0;
}

/** The numbers the budget's summaries are made from, as typed. */
export interface BudgetNumbers {
  samples: number;
  iterations: number;
  restarts: number;
  evalSeeds: number;
  finetune: boolean;
  /** S, the selection seeds (1 when not given). */
  selectionSeeds?: number;
  totalTimesteps: number;
  numEnvs: number;
  numSteps: number;
}

/** The PPO summary (epochs and trainings) and the evaluation's cost, as the form says them. */
export function budgetSummary(b: BudgetNumbers): { ppo: string; evaluation: string } {
  const epochs = epochsOf(b.totalTimesteps, b.numEnvs, b.numSteps);
  const t = trainingsOf(b.samples, b.iterations, b.restarts, b.evalSeeds, b.finetune, b.selectionSeeds ?? 1);
  const ppo =
    epochs > 0
      ? `${formatInteger(epochs)} epochs of ${formatInteger(b.numEnvs * b.numSteps)} steps per training; up to ${formatInteger(
          t.search,
        )} trainings in the search` +
        (t.evaluation > 0 ? ` and ${formatInteger(t.evaluation)} in the final evaluation.` : ".")
      : "";
  const evaluation =
    t.evaluation > 0
      ? `The evaluation adds up to ${formatInteger(t.evaluation)} trainings of ${formatInteger(b.totalTimesteps)} steps each (baselines trained before with the same seeds and budget are reused from the cache).`
      : "No final evaluation: the search ends after its last iteration, without sparse baseline or HNS.";
  return { ppo, evaluation };
}
