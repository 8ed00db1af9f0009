// The form's fields by name: each with its control and its error paragraph `#ns-<name>-error`, so a message (the
// browser's or the server's) can be put beside the field it is about and taken away when the field is edited.
import { h } from "../../dom";

export class FormFields {
  private readonly errors = new Map<string, HTMLElement>();
  private readonly controls = new Map<string, HTMLElement>();

  /** A labelled field `div.field` with its control, an optional help `#ns-<name>-help` and its error. */
  field(
    name: string,
    label: string,
    control: HTMLElement,
    help?: string | HTMLElement,
    extra: string = "",
  ): HTMLElement {
    const error = h("p", { id: `ns-${name}-error`, class: "error", hidden: true });
    const helpNode = help === undefined ? null : h("p", { id: `ns-${name}-help`, class: "help" }, help);
    this.register(name, error, control);
    control.setAttribute(
      "aria-describedby",
      [helpNode ? `ns-${name}-help` : "", `ns-${name}-error`].filter(Boolean).join(" "),
    );
    return h("div", { class: `field ${extra}` }, h("label", { for: control.id }, label), control, helpNode, error);
  }

  /** Names an error paragraph (and the control it is about, if any) built outside `field`. */
  register(name: string, error: HTMLElement, control?: HTMLElement): void {
    this.errors.set(name, error);
    if (control !== undefined) this.controls.set(name, control);
  }

  has(name: string): boolean {
    return this.errors.has(name);
  }

  /** Shows `text` beside field `name` and marks its control invalid, or clears both with null. */
  setError(name: string, text: string | null): void {
    const error = this.errors.get(name);
    const control = this.controls.get(name);
    if (!error) return;
    error.textContent = text ?? "";
    error.hidden = text === null;
    if (control) {
      if (text === null) control.removeAttribute("aria-invalid");
      else control.setAttribute("aria-invalid", "true");
    }
  }

  clearErrors(): void {
    for (const name of this.errors.keys()) this.setError(name, null);
  }

  /** Clears the message of the field whose control is `target` (it was just edited). */
  clearFor(target: EventTarget | null): void {
    for (const [name, control] of this.controls) if (control === target) this.setError(name, null);
  }

  /** Whether no field shows a message. */
  allClear(): boolean {
    return [...this.errors.values()].every((e) => e.hidden);
  }

  /** Moves the focus to field `name`'s control (or its error paragraph when it has none). */
  focus(name: string): void {
    (this.controls.get(name) ?? this.errors.get(name))?.focus?.();
  }
}
