import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Token } from "../api";
import { expiryProblem, nameProblem, setupTokens, tokenStatus } from "./tokens";

const NOW = Date.parse("2026-11-22T03:00:00Z");

function token(overrides: Partial<Token>): Token {
  return {
    id: "t1",
    name: "ci",
    createdAt: "2026-11-01T10:00:00Z",
    expiresAt: "2026-12-01T10:00:00Z",
    lastUsedAt: null,
    revoked: false,
    role: "viewer",
    ...overrides,
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

type Route = (init: RequestInit) => Response;

/** A fake server: answers by "METHOD path"; records every call; an unknown route fails the test loudly. */
function fakeServer(routes: Record<string, Route | Route[]>) {
  const calls: { key: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const key = `${init.method} ${url}`;
    calls.push({ key, body: init.body === undefined ? undefined : JSON.parse(init.body as string) });
    const route = routes[key];
    if (route === undefined) throw new Error(`unexpected request ${key}`);
    const handler = Array.isArray(route) ? (route.length > 1 ? route.shift()! : route[0]) : route;
    return handler(init);
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

function $(selector: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(selector);
  if (element === null) throw new Error(`no element ${selector}`);
  return element;
}

function input(selector: string): HTMLInputElement {
  return $(selector) as HTMLInputElement;
}

function rows(): HTMLTableRowElement[] {
  return [...document.querySelectorAll<HTMLTableRowElement>("#token-table tr[data-token-id]")];
}

let root: HTMLElement;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("tokenStatus", () => {
  const now = new Date(NOW);

  it("is active before the expiry, expired at and after it", () => {
    expect(tokenStatus(token({ expiresAt: "2026-11-22T03:00:01Z" }), now)).toBe("active");
    expect(tokenStatus(token({ expiresAt: "2026-11-22T03:00:00Z" }), now)).toBe("expired");
    expect(tokenStatus(token({ expiresAt: "2026-11-21T00:00:00Z" }), now)).toBe("expired");
  });

  it("says revoked whatever the expiry", () => {
    expect(tokenStatus(token({ revoked: true }), now)).toBe("revoked");
    expect(tokenStatus(token({ revoked: true, expiresAt: "2020-01-01T00:00:00Z" }), now)).toBe("revoked");
  });
});

describe("form checks", () => {
  it("accepts a name up to 64 characters after trimming", () => {
    expect(nameProblem("ci")).toBeNull();
    expect(nameProblem(`  ${"a".repeat(64)}  `)).toBeNull();
    expect(nameProblem("a".repeat(65))).toBe("Use at most 64 characters.");
    expect(nameProblem("   ")).toBe("Enter a name, for example \u201cci\u201d.");
  });

  it("accepts whole days from 1 to 365 only", () => {
    for (const ok of ["1", "30", "365"]) expect(expiryProblem(ok)).toBeNull();
    for (const bad of ["", " ", "0", "366", "2.5", "-1", "abc"]) {
      expect(expiryProblem(bad)).toBe("Enter a whole number of days from 1 to 365.");
    }
  });
});

describe("setupTokens", () => {
  it("renders the form with labelled inputs and a default expiry of 30 days", () => {
    fakeServer({ "GET /api/tokens": () => json(200, []) });
    setupTokens(root);

    expect($("#token-form").tagName).toBe("FORM");
    expect(input("#token-name").value).toBe("");
    expect(input("#token-expiry").value).toBe("30");
    expect(input("#token-expiry").min).toBe("1");
    expect(input("#token-expiry").max).toBe("365");
    expect(document.querySelector('label[for="token-name"]')?.textContent).toBe("Name");
    expect(document.querySelector('label[for="token-expiry"]')?.textContent).toBe("Expires in (days)");
    expect($("#token-create").getAttribute("type")).toBe("submit");
    expect($("#token-message").getAttribute("aria-live")).toBe("polite");
  });

  it("lists tokens with their status and a revoke button only for active ones", async () => {
    fakeServer({
      "GET /api/tokens": () =>
        json(200, [
          token({ id: "a", name: "ci", lastUsedAt: "2026-11-20T08:30:00Z" }),
          token({ id: "b", name: "old laptop", expiresAt: "2026-11-02T00:00:00Z" }),
          token({ id: "c", name: "leaked", revoked: true }),
        ]),
    });
    setupTokens(root);

    await vi.waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map((r) => r.dataset.tokenId)).toEqual(["a", "b", "c"]);
    expect(rows().map((r) => r.querySelector(".token-name")?.textContent)).toEqual(["ci", "old laptop", "leaked"]);
    expect(rows().map((r) => r.querySelector(".badge")?.textContent)).toEqual(["active", "expired", "revoked"]);
    expect(rows().map((r) => r.querySelectorAll("button.token-revoke").length)).toEqual([1, 0, 0]);
    const times = [...rows()[0].querySelectorAll("time")].map((t) => t.getAttribute("datetime"));
    expect(times).toEqual(["2026-11-01T10:00:00Z", "2026-12-01T10:00:00Z", "2026-11-20T08:30:00Z"]);
    expect(rows()[1].cells[3].textContent).toBe("Never");
    expect($("#token-table").hidden).toBe(false);
    expect($("#token-list-state").hidden).toBe(true);
    expect($("button.token-revoke").getAttribute("aria-label")).toBe("Revoke token ci");
  });

  it("shows the empty state when there is no token", async () => {
    fakeServer({ "GET /api/tokens": () => json(200, []) });
    setupTokens(root);

    await vi.waitFor(() => expect($("#token-list-state").textContent).toContain("No tokens yet."));
    expect($("#token-table").hidden).toBe(true);
    expect($("#token-list-state").hidden).toBe(false);
  });

  it("shows the server's reason when the list cannot be loaded", async () => {
    fakeServer({ "GET /api/tokens": () => json(503, { reason: "database is starting" }) });
    setupTokens(root);

    await vi.waitFor(() => expect($("#token-message").textContent).toBe("database is starting"));
    expect($("#token-message").dataset.tone).toBe("error");
    expect($("#token-list-state").textContent).toBe("The tokens could not be loaded.");
    expect($("#token-table").hidden).toBe(true);
  });

  it("offers to try again after a failed load", async () => {
    fakeServer({
      "GET /api/tokens": [() => json(500, { reason: "boom" }), () => json(200, [token({ id: "r1", name: "ci" })])],
    });
    setupTokens(root);
    await vi.waitFor(() => expect($("#token-retry").hidden).toBe(false));
    expect($("#token-message").textContent).toBe("boom");

    $("#token-retry").click();

    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect($("#token-retry").hidden).toBe(true);
    expect($("#token-list-state").hidden).toBe(true);
    expect($("#token-message").textContent).toBe("");
  });

  it("creates a token, shows its secret once and reloads the list", async () => {
    const created = { id: "n1", name: "ci", token: "rs_abcdef0123456789", expiresAt: "2026-12-22T03:00:00Z" };
    const calls = fakeServer({
      "GET /api/tokens": [() => json(200, []), () => json(200, [token({ id: "n1", name: "ci" })])],
      "POST /api/tokens": () => json(201, created),
    });
    setupTokens(root);
    await vi.waitFor(() => expect($("#token-list-state").textContent).toContain("No tokens yet."));

    input("#token-name").value = "  ci ";
    input("#token-expiry").value = "7";
    $("#token-create").click();

    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(calls.map((c) => c.key)).toEqual(["GET /api/tokens", "POST /api/tokens", "GET /api/tokens"]);
    expect(calls[1].body).toEqual({ name: "ci", expiresInDays: 7 });
    expect($("#token-created").hidden).toBe(false);
    expect(input("#token-secret").value).toBe("rs_abcdef0123456789");
    expect(input("#token-secret").readOnly).toBe(true);
    expect($("#token-secret-warning").textContent).toContain("will not be shown again");
    expect($("#token-message").textContent).toBe("Token \u201cci\u201d created.");
    expect(input("#token-name").value).toBe("");
    expect(input("#token-expiry").value).toBe("30");
    expect(document.activeElement).toBe(input("#token-secret"));

    $("#token-dismiss").click();
    expect($("#token-created").hidden).toBe(true);
    expect(input("#token-secret").value).toBe("");
  });

  it("does not send an invalid form and says why next to each field", async () => {
    const calls = fakeServer({ "GET /api/tokens": () => json(200, []) });
    setupTokens(root);
    await vi.waitFor(() => expect(calls).toHaveLength(1));

    input("#token-name").value = " ";
    input("#token-expiry").value = "400";
    $("#token-create").click();
    await Promise.resolve();

    expect(calls).toHaveLength(1);
    expect($("#token-name-error").hidden).toBe(false);
    expect($("#token-name-error").textContent).toBe("Enter a name, for example \u201cci\u201d.");
    expect(input("#token-name").getAttribute("aria-invalid")).toBe("true");
    expect($("#token-expiry-error").textContent).toBe("Enter a whole number of days from 1 to 365.");
    expect(input("#token-expiry").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(input("#token-name"));
  });

  it("shows the server's reason when creation fails and lets the user retry", async () => {
    fakeServer({
      "GET /api/tokens": () => json(200, []),
      "POST /api/tokens": () => json(409, { reason: "a token named ci already exists" }),
    });
    setupTokens(root);

    input("#token-name").value = "ci";
    $("#token-create").click();

    await vi.waitFor(() => expect($("#token-message").textContent).toBe("a token named ci already exists"));
    expect($("#token-message").dataset.tone).toBe("error");
    expect(($("#token-create") as HTMLButtonElement).disabled).toBe(false);
    expect($("#token-created").hidden).toBe(true);
    expect(input("#token-name").value).toBe("ci");
  });

  it("revokes a token after confirmation and reloads the list", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const calls = fakeServer({
      "GET /api/tokens": [
        () => json(200, [token({ id: "x9" })]),
        () => json(200, [token({ id: "x9", revoked: true })]),
      ],
      "DELETE /api/tokens/x9": () => new Response(null, { status: 204 }),
    });
    setupTokens(root);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));

    $("button.token-revoke").click();

    await vi.waitFor(() => expect(rows()[0].dataset.status).toBe("revoked"));
    expect(confirm).toHaveBeenCalledWith("Revoke the token \u201cci\u201d? Anything using it stops working at once.");
    expect(calls.map((c) => c.key)).toEqual(["GET /api/tokens", "DELETE /api/tokens/x9", "GET /api/tokens"]);
    expect($("#token-message").textContent).toBe("Token \u201cci\u201d revoked.");
    expect(document.querySelectorAll("button.token-revoke")).toHaveLength(0);
    await vi.waitFor(() => expect(document.activeElement).toBe($("#token-list-heading")));
  });

  it("does nothing when the revocation is not confirmed", async () => {
    vi.spyOn(window, "confirm").mockReturnValue(false);
    const calls = fakeServer({ "GET /api/tokens": () => json(200, [token({ id: "x9" })]) });
    setupTokens(root);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));

    $("button.token-revoke").click();
    await Promise.resolve();

    expect(calls.map((c) => c.key)).toEqual(["GET /api/tokens"]);
    expect(($("button.token-revoke") as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows the reason when revocation fails and keeps the button usable", async () => {
    vi.spyOn(window, "confirm").mockReturnValue(true);
    fakeServer({
      "GET /api/tokens": () => json(200, [token({ id: "x9" })]),
      "DELETE /api/tokens/x9": () => json(404, { reason: "no token x9" }),
    });
    setupTokens(root);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));

    $("button.token-revoke").click();

    await vi.waitFor(() => expect($("#token-message").textContent).toBe("no token x9"));
    expect(($("button.token-revoke") as HTMLButtonElement).disabled).toBe(false);
  });

  it("copies the secret with the Clipboard API", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    fakeServer({
      "GET /api/tokens": () => json(200, []),
      "POST /api/tokens": () =>
        json(201, { id: "n1", name: "ci", token: "rs_s3cret", expiresAt: "2026-12-22T03:00:00Z" }),
    });
    setupTokens(root);
    input("#token-name").value = "ci";
    $("#token-create").click();
    await vi.waitFor(() => expect($("#token-created").hidden).toBe(false));

    $("#token-copy").click();

    await vi.waitFor(() => expect($("#token-message").textContent).toBe("Token copied to the clipboard."));
    expect(writeText).toHaveBeenCalledWith("rs_s3cret");
  });
});
