import { describe, expect, it } from "vitest";
import type { ExchangeView } from "./api";
import { exchangeMessages, formatCost, formatLatency, renderExchange } from "./exchangeView";

const fixture: ExchangeView = {
  id: "0b6f6c8e-0000-4000-8000-000000000001",
  search: "0b6f6c8e-0000-4000-8000-000000000002",
  restart: 0,
  iteration: 1,
  round: 0,
  connection: "default",
  model: "gpt-4o-mini",
  request: {
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "You write reward functions." },
      {
        role: "user",
        content: [
          { type: "text", text: "The task: " },
          { type: "text", text: "cartpole" },
        ],
      },
    ],
  },
  response: '{"choices":[{"message":{"content":"```java\\ndouble reward() {}\\n```"}}]}',
  status: 200,
  error: null,
  choices: 1,
  finishReasons: ["stop"],
  promptTokens: 1234,
  completionTokens: 567,
  usageEstimated: false,
  cost: 0.00123,
  latencyMillis: 2345,
  attempts: 1,
  createdAt: "2026-01-01T00:00:00Z",
};

describe("exchangeMessages", () => {
  it("reads string and part-list contents", () => {
    expect(exchangeMessages(fixture.request)).toEqual([
      { role: "system", text: "You write reward functions." },
      { role: "user", text: "The task: cartpole" },
    ]);
  });

  it("gives nothing for a request that is not a Chat Completions object", () => {
    expect(exchangeMessages("not json")).toEqual([]);
    expect(exchangeMessages(null)).toEqual([]);
    expect(exchangeMessages({ messages: "x" })).toEqual([]);
    expect(exchangeMessages({ messages: [{ content: 3 }] })).toEqual([{ role: "unknown", text: "3" }]);
  });
});

describe("renderExchange", () => {
  it("shows model, tokens, latency, finish reason, cost, messages and the raw response", () => {
    const panel = renderExchange(fixture);
    expect(panel.id).toBe("candidate-exchange");
    expect(panel.querySelector("h2")?.textContent).toBe("LLM exchange");
    expect(panel.querySelector("#exchange-model")?.textContent).toBe("gpt-4o-mini (default)");
    expect(panel.querySelector("#exchange-tokens")?.textContent).toBe("1,234 prompt, 567 completion");
    expect(panel.querySelector("#exchange-latency")?.textContent).toBe("2.3 s");
    expect(panel.querySelector("#exchange-finish")?.textContent).toBe("stop");
    expect(panel.querySelector("#exchange-cost")?.textContent).toBe("$0.0012");
    const messages = [...panel.querySelectorAll<HTMLDetailsElement>("details.exchange-message")];
    expect(messages.map((m) => m.dataset.role)).toEqual(["system", "user"]);
    expect(messages[1].querySelector("pre")?.textContent).toBe("The task: cartpole");
    expect(messages.every((m) => !m.open)).toBe(true);
    expect(panel.querySelector("#exchange-response")?.textContent).toBe(fixture.response);
    expect(panel.querySelector("#exchange-error")).toBeNull();
  });

  it("says when usage was estimated, shows errors and a request kept as text", () => {
    const panel = renderExchange({
      ...fixture,
      request: "garbled",
      response: null,
      usageEstimated: true,
      finishReasons: [],
      error: "LLM timeout",
      status: 504,
      attempts: 3,
      latencyMillis: 850,
    });
    expect(panel.querySelector("#exchange-tokens")?.textContent).toContain("estimated");
    expect(panel.querySelector("#exchange-finish")?.textContent).toBe("\u2014");
    expect(panel.querySelector("#exchange-latency")?.textContent).toBe("850 ms");
    expect(panel.querySelector("#exchange-error")?.textContent).toBe("LLM timeout");
    expect(panel.querySelector("#exchange-status")?.textContent).toBe("504");
    expect(panel.querySelector("#exchange-attempts")?.textContent).toBe("3");
    expect(panel.querySelector("#exchange-messages pre")?.textContent).toBe("garbled");
    expect(panel.querySelector("#exchange-response")?.textContent).toBe("No response body.");
  });
});

describe("formatters", () => {
  it("formats cost and latency", () => {
    expect(formatCost(0)).toBe("$0.0000");
    expect(formatLatency(12)).toBe("12 ms");
    expect(formatLatency(120000)).toBe("120.0 s");
  });
});
