// "Who proposes programs": the proposer radios `#ns-proposer-<name>`; for `llm` (enabled when GET /api/llm says a
// model is configured) `#ns-llm-box` with `#ns-connection`, `#ns-model`, `#ns-tokenBudget`, `#ns-costBudget`; for
// `replay` `#ns-replay-box` with `#ns-replayOf`.
import { getLlmStatus } from "../../api";
import type { CreateSearch, LlmStatus } from "../../api";
import { h } from "../../dom";
import type { FormFields } from "./fields";
import { DEFAULT_PROPOSER, NO_MODEL_NOTE, PROPOSER_CHOICES, proposerAvailability, proposerFields } from "./model";

export interface ProposerOptions {
  fields: FormFields;
  /** The chosen proposer changed; `byUser` when the user picked it (not the server's default). */
  onChange: (byUser: boolean) => void;
}

export interface ProposerSection {
  element: HTMLElement;
  /** The checked proposer's name. */
  value(): string;
  /** The request fields of the chosen proposer, and the messages for inputs that are wrong already. */
  requestFields(): { fields: Partial<CreateSearch>; errors: Record<string, string> };
  /** Offers `llm` when a model is configured; picks it when it is the server's default and `untouched()`. */
  loadLlm(untouched: () => boolean): Promise<void>;
  /** Shows the boxes of the chosen proposer. */
  sync(): void;
}

function proposerOption(value: string, label: string, help: string, disabled: boolean): HTMLElement {
  return h(
    "label",
    { class: `choice${disabled ? " disabled" : ""}` },
    h("input", {
      type: "radio",
      name: "proposer",
      value,
      id: `ns-proposer-${value}`,
      checked: value === DEFAULT_PROPOSER,
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

export function setupProposer({ fields, onChange }: ProposerOptions): ProposerSection {
  const error = h("p", { id: "ns-proposer-error", class: "error", hidden: true });
  const group = h(
    "fieldset",
    { class: "field choices", id: "ns-proposer", "aria-describedby": "ns-proposer-error" },
    h("legend", { class: "label" }, "Proposer"),
    ...PROPOSER_CHOICES.map((c) => proposerOption(c.value, c.label, c.help, c.disabled)),
    error,
  );
  fields.register("proposer", error);
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
  const llmBox = h(
    "div",
    { id: "ns-llm-box", class: "form-row", hidden: true },
    fields.field("connection", "LLM connection", connection, "A named connection set up by an admin."),
    fields.field("model", "Model", model, "Optional: overrides the connection\u2019s model."),
    fields.field("tokenBudget", "Token cap", tokenBudget, "Optional: prompt + completion tokens for the whole search."),
    fields.field("costBudget", "Cost cap", costBudget, "Optional: in the price table\u2019s currency (USD)."),
  );
  const replayBox = h(
    "div",
    { id: "ns-replay-box", hidden: true },
    fields.field(
      "replayOf",
      "Search to replay",
      replayOf,
      "Its budget, seed and training settings are used; the fields below are ignored.",
      "grow",
    ),
  );
  const element = h(
    "section",
    { class: "form-section", "aria-labelledby": "ns-who" },
    h("h2", { id: "ns-who" }, "Who proposes programs"),
    group,
    llmBox,
    replayBox,
  );

  const radio = (value: string): HTMLInputElement => group.querySelector<HTMLInputElement>(`#ns-proposer-${value}`)!;
  const value = (): string => group.querySelector<HTMLInputElement>('input[name="proposer"]:checked')?.value ?? "";

  for (const input of group.querySelectorAll<HTMLInputElement>('input[name="proposer"]')) {
    input.addEventListener("change", () => onChange(true));
  }

  function sync(): void {
    llmBox.hidden = value() !== "llm";
    replayBox.hidden = value() !== "replay";
  }

  async function loadLlm(untouched: () => boolean): Promise<void> {
    let status: LlmStatus;
    try {
      status = await getLlmStatus();
    } catch {
      return; // The option stays disabled with its note; the server checks the proposer anyway.
    }
    const available = proposerAvailability(status);
    const llm = radio("llm");
    const replay = radio("replay");
    llm.disabled = !available.llm;
    llm.closest("label")?.classList.toggle("disabled", !available.llm);
    replay.disabled = !available.replay;
    replay.closest("label")?.classList.toggle("disabled", !available.replay);
    const help = group.querySelector<HTMLElement>("#ns-proposer-llm-help")!;
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
    if (status.defaultProposer === "llm" && untouched()) {
      llm.checked = true;
      onChange(false);
    }
  }

  function requestFields(): { fields: Partial<CreateSearch>; errors: Record<string, string> } {
    return proposerFields(value(), {
      connection: connection.value,
      model: model.value,
      tokenBudget: tokenBudget.value,
      costBudget: costBudget.value,
      replayOf: replayOf.value,
    });
  }

  return { element, value, requestFields, loadLlm, sync };
}
