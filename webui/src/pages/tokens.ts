// The API tokens page: create a token (its secret is shown once), list tokens, revoke one. The ids and classes
// used here are the contract with the server's Playwright test; change them only together with it.
import { ApiError, createToken, listTokens, revokeToken } from "../api";
import type { CreatedToken, Token } from "../api";
import { h } from "../dom";

export const DEFAULT_EXPIRY_DAYS = 30;
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 365;
export const MAX_NAME_LENGTH = 64;

export type TokenStatus = "active" | "expired" | "revoked";

/** Revoked wins over expired: a revoked token stays revoked whatever its expiry. */
export function tokenStatus(token: Token, now: Date = new Date()): TokenStatus {
  if (token.revoked) return "revoked";
  return Date.parse(token.expiresAt) <= now.getTime() ? "expired" : "active";
}

/** The problem with a token name as typed, or null when it can be sent. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "Enter a name, for example \u201cci\u201d.";
  if (trimmed.length > MAX_NAME_LENGTH) return `Use at most ${MAX_NAME_LENGTH} characters.`;
  return null;
}

/** The problem with an expiry as typed, or null when it is a whole number of days in range. */
export function expiryProblem(value: string): string | null {
  const days = Number(value);
  if (value.trim() === "" || !Number.isInteger(days) || days < MIN_EXPIRY_DAYS || days > MAX_EXPIRY_DAYS) {
    return `Enter a whole number of days from ${MIN_EXPIRY_DAYS} to ${MAX_EXPIRY_DAYS}.`;
  }
  return null;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A `<time>` showing `iso` in the reader's locale, with the exact instant in `datetime` and the tooltip. */
function timeCell(iso: string): HTMLTableCellElement {
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
  return h("td", { class: "nowrap" }, h("time", { datetime: iso, title: iso }, text));
}

function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

/** Builds the tokens page inside `root` and loads the list. */
export function setupTokens(root: HTMLElement): void {
  const message = h("p", {
    id: "token-message",
    class: "message",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
  });

  const nameInput = h("input", {
    id: "token-name",
    name: "name",
    type: "text",
    required: true,
    maxlength: MAX_NAME_LENGTH,
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-name-help token-name-error",
  });
  const nameError = h("p", { id: "token-name-error", class: "error", hidden: true });
  const expiryInput = h("input", {
    id: "token-expiry",
    name: "expiresInDays",
    type: "number",
    inputmode: "numeric",
    required: true,
    min: MIN_EXPIRY_DAYS,
    max: MAX_EXPIRY_DAYS,
    step: 1,
    value: DEFAULT_EXPIRY_DAYS,
    "aria-describedby": "token-expiry-help token-expiry-error",
  });
  const expiryError = h("p", { id: "token-expiry-error", class: "error", hidden: true });
  const createButton = h("button", { id: "token-create", type: "submit", class: "primary" }, "Create token");
  // novalidate: the checks below show inline, described messages instead of the browser's transient bubbles.
  const form = h(
    "form",
    { id: "token-form", novalidate: true },
    h(
      "div",
      { class: "form-row" },
      h(
        "div",
        { class: "field grow" },
        h("label", { for: "token-name" }, "Name"),
        nameInput,
        h(
          "p",
          { id: "token-name-help", class: "help" },
          "What will use it, for example \u201cci\u201d or \u201cnotebook\u201d.",
        ),
        nameError,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "token-expiry" }, "Expires in (days)"),
        expiryInput,
        h("p", { id: "token-expiry-help", class: "help" }, `${MIN_EXPIRY_DAYS} to ${MAX_EXPIRY_DAYS} days.`),
        expiryError,
      ),
    ),
    h("div", { class: "actions" }, createButton),
  );

  const createdHeading = h("h2", { id: "token-created-heading" });
  const secretInput = h("input", {
    id: "token-secret",
    class: "mono",
    type: "text",
    readonly: true,
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-secret-warning",
  });
  const copyButton = h("button", { id: "token-copy", type: "button" }, "Copy");
  const dismissButton = h("button", { id: "token-dismiss", type: "button" }, "Done");
  const created = h(
    "section",
    { id: "token-created", class: "card notice", hidden: true, "aria-labelledby": "token-created-heading" },
    createdHeading,
    h(
      "p",
      { id: "token-secret-warning", class: "warning" },
      "Copy this token now and store it safely: it will not be shown again.",
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "token-secret" }, "Token"),
      h("div", { class: "input-group" }, secretInput, copyButton),
    ),
    h("div", { class: "actions" }, dismissButton),
  );

  const tableBody = h("tbody");
  const table = h(
    "table",
    { id: "token-table", class: "data", hidden: true },
    h("caption", { class: "visually-hidden" }, "Your API tokens"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["Name", "Created", "Expires", "Last used", "Status"].map((label) => h("th", { scope: "col" }, label)),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")),
      ),
    ),
    tableBody,
  );
  // Focus lands here after a revocation, since the row's button it was on is re-rendered away.
  const listHeading = h("h2", { id: "token-list-heading", tabindex: -1 }, "Your tokens");
  const listState = h("p", { id: "token-list-state", class: "empty" }, "Loading tokens\u2026");
  const retryButton = h("button", { id: "token-retry", type: "button", hidden: true }, "Try again");
  retryButton.addEventListener("click", () => {
    retryButton.hidden = true;
    listState.textContent = "Loading tokens\u2026";
    clearMessage();
    void load();
  });

  root.replaceChildren(
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, "API tokens"),
      h(
        "p",
        { class: "lead" },
        "Scripts and tools call the API with a token in the header ",
        h("code", {}, "Authorization: Bearer <token>"),
        ". A token acts with your role until it expires or is revoked.",
      ),
    ),
    message,
    created,
    h(
      "section",
      { class: "card", "aria-labelledby": "token-form-heading" },
      h("h2", { id: "token-form-heading" }, "Create a token"),
      form,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "token-list-heading" },
      listHeading,
      listState,
      h("div", { class: "actions centered" }, retryButton),
      h("div", { class: "table-scroll" }, table),
    ),
  );

  function say(text: string, tone: "info" | "success" | "error"): void {
    message.textContent = text;
    message.dataset.tone = tone;
  }

  function clearMessage(): void {
    message.textContent = "";
    delete message.dataset.tone;
  }

  function showFieldError(input: HTMLInputElement, error: HTMLElement, problem: string | null): void {
    error.textContent = problem ?? "";
    error.hidden = problem === null;
    if (problem === null) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  }

  let loads = 0;

  async function load(): Promise<void> {
    const current = ++loads;
    let tokens: Token[];
    try {
      tokens = await listTokens();
    } catch (error) {
      if (current !== loads) return;
      table.hidden = true;
      listState.hidden = false;
      listState.textContent = "The tokens could not be loaded.";
      retryButton.hidden = false;
      say(reasonOf(error), "error");
      return;
    }
    if (current !== loads) return;
    retryButton.hidden = true;
    render(tokens);
  }

  function render(tokens: Token[]): void {
    const now = new Date();
    tableBody.replaceChildren(...tokens.map((token) => row(token, now)));
    table.hidden = tokens.length === 0;
    listState.hidden = tokens.length !== 0;
    listState.textContent = tokens.length === 0 ? "No tokens yet. Create one above to use the API from a script." : "";
  }

  function row(token: Token, now: Date): HTMLTableRowElement {
    const status = tokenStatus(token, now);
    let action: HTMLElement | null = null;
    if (status === "active") {
      const button = h(
        "button",
        { type: "button", class: "danger small token-revoke", "aria-label": `Revoke token ${token.name}` },
        "Revoke",
      );
      button.addEventListener("click", () => void revoke(token, button));
      action = button;
    }
    return h(
      "tr",
      { "data-token-id": token.id, "data-status": status },
      h("th", { scope: "row", class: "token-name" }, token.name),
      timeCell(token.createdAt),
      timeCell(token.expiresAt),
      token.lastUsedAt === null ? h("td", { class: "muted" }, "Never") : timeCell(token.lastUsedAt),
      h("td", {}, h("span", { class: `badge state-${status}` }, status)),
      h("td", { class: "row-actions" }, action),
    );
  }

  async function revoke(token: Token, button: HTMLButtonElement): Promise<void> {
    const question = `Revoke the token \u201c${token.name}\u201d? Anything using it stops working at once.`;
    if (!window.confirm(question)) return;
    button.disabled = true;
    try {
      await revokeToken(token.id);
    } catch (error) {
      button.disabled = false;
      say(reasonOf(error), "error");
      return;
    }
    say(`Token \u201c${token.name}\u201d revoked.`, "success");
    await load();
    listHeading.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void create();
  });

  async function create(): Promise<void> {
    const namePrb = nameProblem(nameInput.value);
    const expiryPrb = expiryProblem(expiryInput.value);
    showFieldError(nameInput, nameError, namePrb);
    showFieldError(expiryInput, expiryError, expiryPrb);
    if (namePrb !== null) {
      nameInput.focus();
      return;
    }
    if (expiryPrb !== null) {
      expiryInput.focus();
      return;
    }
    createButton.disabled = true;
    form.setAttribute("aria-busy", "true");
    let result: CreatedToken;
    try {
      result = await createToken(nameInput.value.trim(), Number(expiryInput.value));
    } catch (error) {
      say(reasonOf(error), "error");
      return;
    } finally {
      createButton.disabled = false;
      form.removeAttribute("aria-busy");
    }
    form.reset();
    showSecret(result);
    say(`Token \u201c${result.name}\u201d created.`, "success");
    await load();
  }

  function showSecret(result: CreatedToken): void {
    createdHeading.textContent = `New token \u201c${result.name}\u201d`;
    secretInput.value = result.token;
    created.hidden = false;
    secretInput.focus();
    secretInput.select();
  }

  copyButton.addEventListener("click", () => void copySecret());

  async function copySecret(): Promise<void> {
    secretInput.focus();
    secretInput.select();
    try {
      if (navigator.clipboard === undefined) throw new Error("no clipboard API");
      await navigator.clipboard.writeText(secretInput.value);
    } catch {
      // The Clipboard API needs a secure context; the selection copy still works on plain http.
      if (!document.execCommand("copy")) {
        say("Copying failed: the token is selected, press Ctrl+C (\u2318C) to copy it.", "error");
        return;
      }
    }
    say("Token copied to the clipboard.", "success");
  }

  dismissButton.addEventListener("click", () => {
    // Forget the secret on the page once the user says it is stored.
    secretInput.value = "";
    created.hidden = true;
    clearMessage();
    nameInput.focus();
  });

  void load();
}
