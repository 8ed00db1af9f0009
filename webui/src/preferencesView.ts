// The team's preferences as the search, candidate and voting pages show them: per iteration, each candidate's
// Bradley-Terry strength with its interval and its wins, losses and ties (GET /api/searches/{id}/preferences).
// Rows are `tr[data-candidate]`; strengths `.pref-strength`, records `.pref-record`.
import type { Preference } from "./api";
import { h } from "./dom";
import { formatFitness, shortId } from "./format";
import { recordText } from "./playerModel";

/** A candidate's name on the page ("#2 offline"), by id; unknown ids show their short id. */
export type CandidateLabel = (id: string) => string;

/** Preferences grouped by (restart, iteration), newest first; within one, strongest first. */
export function groupPreferences(
  prefs: readonly Preference[],
): { restart: number; iteration: number; rows: Preference[] }[] {
  const groups = new Map<string, { restart: number; iteration: number; rows: Preference[] }>();
  for (const p of prefs) {
    const key = `${p.restart}/${p.iteration}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { restart: p.restart, iteration: p.iteration, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(p);
  }
  const out = [...groups.values()];
  out.sort((a, b) => b.restart - a.restart || b.iteration - a.iteration);
  for (const g of out) g.rows.sort((a, b) => b.strength - a.strength || a.candidate.localeCompare(b.candidate));
  return out;
}

/** "[0.312, 2.05]": the strength's interval. */
export function intervalText(p: Preference): string {
  return `[${formatFitness(p.low)}, ${formatFitness(p.high)}]`;
}

/** One table per iteration; `highlight` marks a candidate's row (the candidate page's own). */
export function renderPreferences(
  prefs: readonly Preference[],
  label: CandidateLabel = shortId,
  highlight?: string,
): HTMLElement[] {
  if (prefs.length === 0) return [h("p", { class: "empty pref-empty" }, "No votes yet.")];
  return groupPreferences(prefs).map((g) =>
    h(
      "div",
      { class: "pref-group", "data-iteration": g.iteration, "data-restart": g.restart },
      h(
        "h3",
        { class: "pref-heading" },
        `${g.restart > 0 ? `Restart ${g.restart + 1}, ` : ""}Iteration ${g.iteration + 1}`,
      ),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "data compact pref-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "Candidate"),
              h("th", { scope: "col", class: "num" }, "Strength"),
              h("th", { scope: "col", class: "num" }, "95% interval"),
              h("th", { scope: "col" }, "Votes"),
            ),
          ),
          h(
            "tbody",
            {},
            ...g.rows.map((p) =>
              h(
                "tr",
                { "data-candidate": p.candidate, class: p.candidate === highlight ? "selected" : null },
                h(
                  "th",
                  { scope: "row" },
                  h("a", { href: `/candidates/${encodeURIComponent(p.candidate)}` }, label(p.candidate)),
                ),
                h("td", { class: "num mono pref-strength" }, formatFitness(p.strength)),
                h("td", { class: "num mono pref-interval" }, intervalText(p)),
                h("td", { class: "pref-record" }, recordText(p.wins, p.losses, p.ties)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
