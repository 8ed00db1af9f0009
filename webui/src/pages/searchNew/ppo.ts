// "Training budget (PPO)": one input `#ns-ppo-<key>` per offered setting, prefilled with the task's defaults, and
// what the budget amounts to (`#ns-ppo-summary`: epochs per training, trainings in all).
import type { PpoDefaults } from "../../api";
import { h } from "../../dom";
import type { FormFields } from "./fields";
import { PPO_FIELDS } from "./model";

export interface PpoSection {
  element: HTMLElement;
  inputs: ReadonlyMap<string, HTMLInputElement>;
  summary: HTMLElement;
  /** The inputs' text by key, as typed. */
  values(): Record<string, string>;
  /** The number in input `key` (NaN or 0 when empty or not a number). */
  number(key: string): number;
  /** Puts the task's defaults in the inputs. */
  fill(defaults: PpoDefaults): void;
}

export function setupPpoSection(fields: FormFields): PpoSection {
  const inputs = new Map<string, HTMLInputElement>();
  const ppoFields = PPO_FIELDS.map((f) => {
    const input = h("input", { id: `ns-ppo-${f.key}`, type: "number", step: f.step, min: 0 });
    inputs.set(f.key, input);
    return fields.field(`ppo-${f.key}`, f.label, input, f.help);
  });
  const summary = h("p", { id: "ns-ppo-summary", class: "help" });
  const error = h("p", { id: "ns-ppo-error", class: "error", hidden: true });
  fields.register("ppo", error);
  const element = h(
    "section",
    { class: "form-section", "aria-labelledby": "ns-ppo" },
    h("h2", { id: "ns-ppo" }, "Training budget (PPO)"),
    h(
      "p",
      { class: "help" },
      "Prefilled with the task\u2019s defaults. A small budget finishes in seconds; learning needs more.",
    ),
    h("div", { class: "form-row" }, ...ppoFields),
    summary,
    error,
  );

  function values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, input] of inputs) out[key] = input.value;
    return out;
  }

  function fill(defaults: PpoDefaults): void {
    for (const [key, input] of inputs) {
      const value = defaults[key];
      input.value = typeof value === "number" ? String(value) : "";
    }
  }

  return { element, inputs, summary, values, number: (key) => Number(inputs.get(key)!.value), fill };
}
