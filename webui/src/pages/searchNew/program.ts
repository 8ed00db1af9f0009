// The pasted reward program `#ns-program` (shown with the "A program I paste" start): checked by the server as
// you type, its problems listed at their lines with a caret under the column (`#ns-program-problems`).
import { validateProgram } from "../../api";
import type { Problem } from "../../api";
import { h } from "../../dom";
import { reasonOf } from "../../format";
import type { FormFields } from "./fields";

const VALIDATE_DELAY_MS = 400;

export interface ProgramOptions {
  fields: FormFields;
  /** The task the program is checked against. */
  task: () => string;
}

export interface ProgramInputBox {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  /** Shows or hides the box; shown, the program is checked again soon. */
  show(visible: boolean): void;
  visible(): boolean;
  /** Checks the program again after a pause in typing. */
  scheduleValidation(): void;
  /** True when the last check found it valid, false when it found problems, null when unchecked. */
  valid(): boolean | null;
}

/** A problem with the line it is on and a caret under its column; clicking it selects that line. */
export function problemItem(problem: Problem, source: string, program: HTMLTextAreaElement): HTMLLIElement {
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

export function setupProgramInput({ fields, task }: ProgramOptions): ProgramInputBox {
  const program = h("textarea", {
    id: "ns-program",
    rows: 12,
    spellcheck: "false",
    class: "mono",
    placeholder: "double reward(CartPoleState s, Components c) { ... }",
    "aria-describedby": "ns-program-status ns-program-error",
  });
  const status = h("p", { id: "ns-program-status", class: "help", "aria-live": "polite" });
  const problems = h("ol", { id: "ns-program-problems", class: "problems" });
  const error = h("p", { id: "ns-program-error", class: "error", hidden: true });
  fields.register("program", error, program);
  const element = h(
    "div",
    { id: "ns-program-box", class: "field", hidden: true },
    h("label", { for: "ns-program" }, "Reward program"),
    program,
    status,
    problems,
    error,
  );
  let validation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let valid: boolean | null = null;

  function scheduleValidation(): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void validate(), VALIDATE_DELAY_MS);
  }

  async function validate(): Promise<void> {
    timer = null;
    const current = ++validation;
    const source = program.value;
    error.hidden = true;
    if (source.trim() === "") {
      valid = null;
      status.textContent = "Paste a reward program for this task; it is checked as you type.";
      delete status.dataset.tone;
      problems.replaceChildren();
      program.removeAttribute("aria-invalid");
      return;
    }
    status.textContent = "Checking\u2026";
    try {
      const result = await validateProgram(task(), source);
      if (current !== validation) return;
      if (result.valid) {
        valid = true;
        status.textContent = `Valid. Components: ${result.components.join(", ") || "none"}.`;
        status.dataset.tone = "success";
        problems.replaceChildren();
        program.removeAttribute("aria-invalid");
      } else {
        valid = false;
        status.textContent = `${result.problems.length} ${result.problems.length === 1 ? "problem" : "problems"}:`;
        status.dataset.tone = "error";
        problems.replaceChildren(...result.problems.map((p) => problemItem(p, source, program)));
        program.setAttribute("aria-invalid", "true");
      }
    } catch (e) {
      if (current !== validation) return;
      valid = null;
      status.textContent = `Could not check the program: ${reasonOf(e)}`;
      status.dataset.tone = "error";
    }
  }

  program.addEventListener("input", () => {
    valid = null;
    scheduleValidation();
  });

  function show(visible: boolean): void {
    element.hidden = !visible;
    if (visible) scheduleValidation();
  }

  return { element, textarea: program, show, visible: () => !element.hidden, scheduleValidation, valid: () => valid };
}
