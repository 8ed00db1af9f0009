import { afterEach, describe, expect, it, vi } from "vitest";
import type { LlmStatus } from "../api";
import { setupSearchNew } from "./searchNew";
import { NO_MODEL_NOTE, fieldOfReason, proposerAvailability, proposerFields } from "./searchNew/model";

const EMPTY = { connection: "", model: "", tokenBudget: "", costBudget: "", replayOf: "" };

const CONFIGURED: LlmStatus = {
  configured: true,
  defaultProposer: "llm",
  proposers: ["offline", "human", "llm", "replay"],
  connections: [
    { name: "default", model: "gpt-4o-mini", configured: true },
    { name: "local", model: "qwen2.5-coder", configured: false },
  ],
};

const TASK = {
  id: "cartpole",
  description: "Balance a pole.",
  observationSize: 4,
  action: { type: "discrete", n: 2 },
  episodeLength: 500,
  fitnessThreshold: 475,
  stateType: "CartPoleState",
};

const UNCONFIGURED: LlmStatus = {
  configured: false,
  defaultProposer: "offline",
  proposers: ["offline", "human", "replay"],
  connections: [],
};

describe("proposerFields", () => {
  it("adds the llm settings that were filled in, and leaves empty ones to the server", () => {
    expect(proposerFields("llm", EMPTY)).toEqual({ fields: {}, errors: {} });
    expect(
      proposerFields("llm", {
        ...EMPTY,
        connection: "local",
        model: " qwen ",
        tokenBudget: "50000",
        costBudget: "0.5",
      }),
    ).toEqual({
      fields: { connection: "local", model: "qwen", tokenBudget: 50000, costBudget: 0.5 },
      errors: {},
    });
  });

  it("rejects caps the server would refuse", () => {
    const { fields, errors } = proposerFields("llm", { ...EMPTY, tokenBudget: "1.5", costBudget: "0" });
    expect(fields).toEqual({});
    expect(Object.keys(errors).sort()).toEqual(["costBudget", "tokenBudget"]);
    expect(proposerFields("llm", { ...EMPTY, tokenBudget: "0" }).errors.tokenBudget).toBeDefined();
    expect(proposerFields("llm", { ...EMPTY, costBudget: "abc" }).errors.costBudget).toBeDefined();
  });

  it("sends llm fields only with llm, and replayOf only with replay (which needs it)", () => {
    const filled = { connection: "local", model: "m", tokenBudget: "10", costBudget: "1", replayOf: "abc" };
    expect(proposerFields("offline", filled)).toEqual({ fields: {}, errors: {} });
    expect(proposerFields("replay", filled)).toEqual({ fields: { replayOf: "abc" }, errors: {} });
    expect(proposerFields("replay", EMPTY).errors.replayOf).toBeDefined();
  });
});

describe("proposerAvailability and fieldOfReason", () => {
  it("offers llm only when a model is configured", () => {
    expect(proposerAvailability(CONFIGURED)).toEqual({ llm: true, replay: true });
    expect(proposerAvailability(UNCONFIGURED)).toEqual({ llm: false, replay: true });
    expect(proposerAvailability(null)).toEqual({ llm: false, replay: true });
  });

  it("puts the server's llm and replay reasons beside their fields", () => {
    expect(fieldOfReason("connection: unknown connection 'x'; known: [default]")).toBe("connection");
    expect(fieldOfReason("tokenBudget: must be greater than or equal to 1")).toBe("tokenBudget");
    expect(fieldOfReason("costBudget: must be greater than 0")).toBe("costBudget");
    expect(fieldOfReason("replayOf: no search 123")).toBe("replayOf");
    expect(fieldOfReason("connection and model apply to the llm proposer")).toBeNull();
  });
});

describe("the form with the LLM proposer", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  function json(body: unknown, status = 200): Response {
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  }

  function mount(status: LlmStatus): { posts: unknown[]; root: HTMLElement } {
    const posts: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        const key = `${init.method} ${url}`;
        if (key === "GET /api/llm") return json(status);
        if (key === "GET /api/tasks") return json([TASK]);
        if (key === "GET /api/tasks/cartpole") return json({ ...TASK, framesPerSecond: 50, ppoDefaults: {} });
        if (key === "POST /api/searches") {
          posts.push(JSON.parse(init.body as string));
          return json({ reason: "tokenBudget: must be greater than or equal to 1" }, 400);
        }
        throw new Error(`unexpected ${key}`);
      }),
    );
    const root = document.createElement("main");
    document.body.append(root);
    setupSearchNew(root);
    return { posts, root };
  }

  const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  it("keeps llm disabled with the note when no model is configured", async () => {
    const { root } = mount(UNCONFIGURED);
    await flush();
    expect(root.querySelector<HTMLInputElement>("#ns-proposer-llm")!.disabled).toBe(true);
    expect(root.querySelector("#ns-proposer-llm-help")!.textContent).toBe(NO_MODEL_NOTE);
    expect(root.querySelector<HTMLInputElement>("#ns-proposer-offline")!.checked).toBe(true);
  });

  it("offers the connections, picks llm by default and shows the llm fields", async () => {
    const { root } = mount(CONFIGURED);
    await flush();
    const llm = root.querySelector<HTMLInputElement>("#ns-proposer-llm")!;
    expect(llm.disabled).toBe(false);
    expect(llm.checked).toBe(true);
    expect(root.querySelector<HTMLElement>("#ns-llm-box")!.hidden).toBe(false);
    const options = [...root.querySelectorAll<HTMLOptionElement>("#ns-connection option")].map((o) => o.value);
    expect(options).toEqual(["", "default", "local"]);
    const connection = root.querySelector<HTMLSelectElement>("#ns-connection")!;
    connection.value = "local";
    connection.dispatchEvent(new Event("change"));
    expect(root.querySelector<HTMLInputElement>("#ns-model")!.placeholder).toBe("qwen2.5-coder");
  });

  it("sends the llm fields and shows the server's reason beside the cap", async () => {
    const { root, posts } = mount(CONFIGURED);
    await flush();
    await flush();
    const set = (id: string, value: string): void => {
      const el = root.querySelector<HTMLInputElement | HTMLSelectElement>(id)!;
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    };
    set("#ns-connection", "local");
    set("#ns-model", "qwen-big");
    set("#ns-tokenBudget", "20000");
    set("#ns-costBudget", "0.25");
    root.querySelector<HTMLFormElement>("#search-form")!.requestSubmit();
    await flush();
    await flush();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      task: "cartpole",
      proposer: "llm",
      connection: "local",
      model: "qwen-big",
      tokenBudget: 20000,
      costBudget: 0.25,
    });
    expect(posts[0]).not.toHaveProperty("replayOf");
    const error = root.querySelector<HTMLElement>("#ns-tokenBudget-error")!;
    expect(error.hidden).toBe(false);
    expect(error.textContent).toContain("tokenBudget");
  });

  it("sends only the task and the search to replay for a replay", async () => {
    const { root, posts } = mount(UNCONFIGURED);
    await flush();
    await flush();
    const replay = root.querySelector<HTMLInputElement>("#ns-proposer-replay")!;
    replay.checked = true;
    replay.dispatchEvent(new Event("change"));
    expect(root.querySelector<HTMLElement>("#ns-replay-box")!.hidden).toBe(false);
    root.querySelector<HTMLFormElement>("#search-form")!.requestSubmit();
    await flush();
    expect(posts).toHaveLength(0);
    expect(root.querySelector<HTMLElement>("#ns-replayOf-error")!.hidden).toBe(false);
    root.querySelector<HTMLInputElement>("#ns-replayOf")!.value = "5f0c";
    root.querySelector<HTMLFormElement>("#search-form")!.requestSubmit();
    await flush();
    expect(posts).toEqual([{ task: "cartpole", proposer: "replay", replayOf: "5f0c" }]);
  });
});
