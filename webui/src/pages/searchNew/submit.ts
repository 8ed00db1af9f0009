// Submitting: the actions row (`#ns-submit`, Cancel), the busy state while the search is created, and where a
// refusal is shown: beside the field the server's error names (`#ns-<field>-error`), else in `#ns-message`.
import { h } from "../../dom";
import { reasonOf, say } from "../../format";
import type { FormFields } from "./fields";
import { fieldOfError } from "./model";

export interface SubmitRow {
  element: HTMLElement;
  button: HTMLButtonElement;
  /** Disables the button and says it is starting, or gives it back. */
  busy(busy: boolean): void;
}

export function setupSubmit(): SubmitRow {
  const button = h("button", { id: "ns-submit", class: "primary", type: "submit" }, "Start search");
  const element = h(
    "div",
    { class: "actions form-actions" },
    button,
    h("a", { class: "button subtle", href: "/" }, "Cancel"),
  );
  function busy(on: boolean): void {
    button.disabled = on;
    button.textContent = on ? "Starting\u2026" : "Start search";
  }
  return { element, button, busy };
}

/** Shows why the server refused the search: beside its field (focused) when it names one the form has. */
export function showServerError(error: unknown, fields: FormFields, message: HTMLElement): void {
  const reason = reasonOf(error);
  const name = fieldOfError(error);
  if (name !== null && fields.has(name)) {
    fields.setError(name, reason);
    fields.focus(name);
    say(message, "The server did not accept the search; see the message beside the field.", "error");
  } else {
    say(message, `The search could not be started: ${reason}`, "error");
  }
}

/** Shows the browser's own checks: the form's message, and the focus on the first invalid control. */
export function showInvalid(form: HTMLFormElement, message: HTMLElement): void {
  say(message, "Some fields need a change; see the messages beside them.", "error");
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
