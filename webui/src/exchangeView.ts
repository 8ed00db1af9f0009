// The "LLM exchange" panel of the candidate page: model, tokens, latency, finish reason, cost, the request's
// messages (each collapsible) and the raw response. Ids: `#candidate-exchange`, `#exchange-model`,
// `#exchange-tokens`, `#exchange-latency`, `#exchange-finish`, `#exchange-cost`, `#exchange-messages`
// (one `details.exchange-message[data-role]` per message), `#exchange-response`.
import type { ExchangeView } from "./api";
import { h } from "./dom";
import { formatInteger } from "./format";

export interface ExchangeMessage {
  role: string;
  text: string;
}

/**
 * The messages of a Chat Completions request as sent: `{messages: [{role, content}]}` where content is a string or
 * a list of parts (`{type: "text", text}`). A request that is not such an object (a string kept as it was stored)
 * gives no messages.
 */
export function exchangeMessages(request: unknown): ExchangeMessage[] {
  if (typeof request !== "object" || request === null) return [];
  const messages = (request as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return [];
  return messages.map((m: unknown): ExchangeMessage => {
    const o = typeof m === "object" && m !== null ? (m as Record<string, unknown>) : {};
    const role = typeof o.role === "string" ? o.role : "unknown";
    return { role, text: contentText(o.content) };
  });
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        if (typeof part === "string") return part;
        if (typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string") {
          return (part as { text: string }).text;
        }
        return "";
      })
      .join("");
  }
  return content === null || content === undefined ? "" : JSON.stringify(content);
}

/** "$0.0123" (four decimals: a single exchange is usually well under a cent). */
export function formatCost(cost: number): string {
  return Number.isFinite(cost) ? `$${cost.toFixed(4)}` : "\u2014";
}

/** "850 ms" under a second, else "12.3 s". */
export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function renderExchange(e: ExchangeView): HTMLElement {
  const fact = (label: string, value: string, id: string): HTMLElement =>
    h("div", {}, h("dt", {}, label), h("dd", { id, class: "mono" }, value));
  const tokens =
    `${formatInteger(e.promptTokens)} prompt, ${formatInteger(e.completionTokens)} completion` +
    (e.usageEstimated ? " (estimated: the server sent no usage)" : "");
  const finish = e.finishReasons.length > 0 ? e.finishReasons.join(", ") : "\u2014";
  const messages = exchangeMessages(e.request);
  const messageList =
    messages.length > 0
      ? h(
          "div",
          { id: "exchange-messages" },
          ...messages.map((m, i) =>
            h(
              "details",
              { class: "exchange-message", "data-role": m.role },
              h("summary", {}, h("span", { class: "badge" }, m.role), ` message ${i + 1}`),
              h("pre", { class: "reflection", tabindex: 0 }, m.text),
            ),
          ),
        )
      : typeof e.request === "string"
        ? h(
            "details",
            { id: "exchange-messages" },
            h("summary", {}, "Request (as stored)"),
            h("pre", { class: "reflection", tabindex: 0 }, e.request),
          )
        : h("p", { id: "exchange-messages", class: "empty" }, "No messages stored.");
  return h(
    "section",
    { class: "card", id: "candidate-exchange", "aria-labelledby": "llm-exchange-heading" },
    h("h2", { id: "llm-exchange-heading" }, "LLM exchange"),
    h(
      "p",
      { class: "help" },
      `The request to the model this candidate came from (restart ${e.restart + 1}, iteration ${e.iteration + 1}, round ${e.round + 1}).`,
    ),
    h(
      "dl",
      { class: "facts-strip" },
      fact("Model", e.connection ? `${e.model} (${e.connection})` : e.model, "exchange-model"),
      fact("Tokens", tokens, "exchange-tokens"),
      fact("Latency", formatLatency(e.latencyMillis), "exchange-latency"),
      fact("Finish reason", finish, "exchange-finish"),
      fact("Cost", formatCost(e.cost), "exchange-cost"),
      e.attempts > 1 ? fact("Attempts", String(e.attempts), "exchange-attempts") : "",
      e.status !== null && e.status !== 200 ? fact("HTTP status", String(e.status), "exchange-status") : "",
    ),
    e.error ? h("p", { class: "error", id: "exchange-error" }, e.error) : null,
    h("h3", {}, "Messages"),
    messageList,
    h(
      "details",
      {},
      h("summary", {}, h("h3", { class: "inline" }, "Raw response")),
      e.response !== null && e.response !== ""
        ? h("pre", { id: "exchange-response", class: "reflection", tabindex: 0 }, e.response)
        : h("p", { id: "exchange-response", class: "empty" }, "No response body."),
    ),
  );
}
