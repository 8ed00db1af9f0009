import { afterEach, describe, expect, it, vi } from "vitest";
import { mount, pages } from "./router";

afterEach(() => vi.unstubAllGlobals());

describe("mount", () => {
  it("starts the page named by #app[data-page]", () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => new Promise(() => {})),
    );
    document.body.innerHTML = '<main id="app" data-page="tokens"></main>';

    expect(mount(document)).toBe("tokens");
    expect(document.querySelector("#app #token-form")).not.toBeNull();
  });

  it("starts the tasks page", () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => new Promise(() => {})),
    );
    document.body.innerHTML = '<main id="app" data-page="tasks"></main>';

    expect(mount(document)).toBe("tasks");
    expect(document.querySelector("#app #task-list")).not.toBeNull();
    expect(document.querySelector("#app #task-detail")).not.toBeNull();
  });

  it("does nothing for an unknown page, an inherited property name, or no page", () => {
    for (const markup of [
      '<main id="app" data-page="nope"></main>',
      '<main id="app" data-page="toString"></main>',
      '<main id="app"></main>',
      "<main></main>",
    ]) {
      document.body.innerHTML = markup;
      expect(mount(document)).toBeNull();
      expect(document.body.innerHTML).toBe(markup);
    }
  });

  it("knows the searches, search, candidate, vote, tasks and tokens pages", () => {
    expect(Object.keys(pages).sort()).toEqual([
      "candidate",
      "search",
      "search-new",
      "searches",
      "tasks",
      "tokens",
      "vote",
    ]);
  });
});
