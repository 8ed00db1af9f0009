// Small shared formatters and elements for the search pages: states as badges, fitness, ages, usage, reasons.
import { ApiError } from "./api";
import type { Usage } from "./api";
import { h } from "./dom";

const fitnessFormat = new Intl.NumberFormat("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const integerFormat = new Intl.NumberFormat("en");
const costFormat = new Intl.NumberFormat("en", { style: "currency", currency: "USD", maximumFractionDigits: 4 });

/** A badge `.badge.state-<state>` saying the state in words ("budget exhausted"). */
export function stateBadge(state: string): HTMLSpanElement {
  return h("span", { class: `badge state-${state}`, "data-state": state }, state.replace(/-/g, " "));
}

export function formatFitness(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "\u2014" : fitnessFormat.format(value);
}

export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** "1,234 tokens · $0.0123", or "none" when no LLM was used. */
export function formatUsage(usage: Usage | null | undefined): string {
  if (!usage) return "\u2014";
  const tokens = usage.promptTokens + usage.completionTokens;
  if (tokens === 0 && usage.cost === 0) return "none";
  return `${integerFormat.format(tokens)} tokens \u00b7 ${costFormat.format(usage.cost)}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" from an ISO time. */
export function formatAge(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return "\u2014";
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} ${days === 1 ? "day" : "days"} ago`;
}

/** A time as the reader's locale writes it, for a title attribute. */
export function formatTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString() : iso;
}

export function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

/** Shows `text` in an aria-live message box with a tone, or clears it with null. */
export function say(box: HTMLElement, text: string | null, tone: "info" | "success" | "error" = "info"): void {
  if (text === null) {
    box.replaceChildren();
    delete box.dataset.tone;
    return;
  }
  box.replaceChildren(h("p", {}, text));
  box.dataset.tone = tone;
}

export function messageBox(id: string): HTMLDivElement {
  return h("div", { id, class: "message", role: "status", "aria-live": "polite", "aria-atomic": "true" });
}

/** The short id shown in tables (first 8 hex digits of a UUID). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** Roles that may start and steer searches. */
export function canOperate(role: string | undefined): boolean {
  return role === "operator" || role === "admin";
}
