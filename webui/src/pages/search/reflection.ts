// Eureka-HF on the search page: `#search-reflection` while the search waits for a team member's reflection
// (`data-iteration`, `data-mode`), the parent's automatic reflection `#search-reflection-automatic`, and for a
// voter the text box `#search-reflection-text` with `#search-reflection-submit`; `#search-reflection-status` says
// what happened. Read over REST when the stream says the search waits or a reflection was written.
import { listReflections, writeReflection } from "../../api";
import type { HumanReflection, SearchView } from "../../api";
import { h } from "../../dom";
import { reasonOf, say } from "../../format";
import { canVote } from "../vote";

export interface ReflectionOptions {
  root: HTMLElement;
  id: string;
  view: () => SearchView | null;
}

export interface ReflectionPanel {
  element: HTMLElement;
  /** Reads the reflections again soon (once for a burst of changes). */
  refreshSoon(): void;
}

/** What the panel says about the mode: whether the text follows the automatic reflection or replaces it. */
export function reflectionHelp(mode: string | undefined, timeoutSeconds: number | undefined): string {
  const where =
    mode === "replace"
      ? "Your text replaces the automatic reflection in the next prompt, verbatim."
      : "Your text follows the automatic reflection in the next prompt, verbatim.";
  const minutes = timeoutSeconds === undefined ? null : Math.round(timeoutSeconds / 60);
  const wait =
    minutes === null ? "" : ` Without a text the search goes on with the automatic reflection after ${minutes} min.`;
  return where + wait;
}

/** The reflection the search waits for now, if any. */
export function awaitedReflection(list: readonly HumanReflection[]): HumanReflection | null {
  return list.find((r) => r.awaiting && r.text === null) ?? null;
}

export function setupReflection({ root, id, view }: ReflectionOptions): ReflectionPanel {
  const voter = canVote(root.dataset.role);
  const heading = h("h2", {}, "Waiting for a team member\u2019s reflection");
  const help = h("p", { class: "help", id: "search-reflection-help" });
  const automatic = h("pre", { id: "search-reflection-automatic", class: "reflection" });
  const text = h("textarea", {
    id: "search-reflection-text",
    rows: 6,
    maxlength: 8000,
    "aria-label": "Your reflection for the next iteration",
    placeholder: "What should the next reward programs change?",
  });
  const submit = h("button", { id: "search-reflection-submit", type: "button", class: "primary" }, "Send reflection");
  const status = h("p", { id: "search-reflection-status", "aria-live": "polite" });
  const form = h("div", { class: "reflection-form", hidden: !voter }, text, h("p", { class: "actions" }, submit));
  const element = h(
    "section",
    { id: "search-reflection", class: "card awaiting", hidden: true },
    heading,
    help,
    h("h3", {}, "Automatic reflection on the selected program"),
    automatic,
    form,
    status,
  );

  let awaited: HumanReflection | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function refreshSoon(): void {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, 200);
  }

  async function refresh(): Promise<void> {
    const v = view();
    if (v === null || v.humanReflection === undefined || v.humanReflection === null) {
      element.hidden = true;
      return;
    }
    try {
      awaited = v.state === "awaiting-reflection" ? awaitedReflection(await listReflections(id)) : null;
    } catch (error) {
      say(status, `The reflections could not be loaded: ${reasonOf(error)}`, "error");
      return;
    }
    element.hidden = awaited === null;
    root.dataset.awaitingReflection = String(awaited !== null);
    if (awaited === null) return;
    element.dataset.iteration = String(awaited.iteration);
    element.dataset.mode = v.humanReflection.mode;
    help.textContent = reflectionHelp(v.humanReflection.mode, v.humanReflection.timeoutSeconds);
    automatic.textContent = awaited.automatic;
    submit.disabled = false;
  }

  submit.addEventListener("click", () => void send());

  async function send(): Promise<void> {
    if (awaited === null) return;
    if (text.value.trim() === "") {
      say(status, "Write the reflection first.", "error");
      return;
    }
    submit.disabled = true;
    try {
      const written = await writeReflection(id, awaited.iteration, text.value);
      say(status, `Sent: iteration ${written.iteration + 1} reads your reflection.`, "success");
      text.value = "";
    } catch (error) {
      submit.disabled = false;
      say(status, `The reflection was not accepted: ${reasonOf(error)}`, "error");
    }
  }

  return { element, refreshSoon };
}
