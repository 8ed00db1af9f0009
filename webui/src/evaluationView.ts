// The search page's evaluation panel: the final evaluation (Evaluation.java) of the best, human and sparse rewards,
// each trained with the same seeds and the full PPO budget; F per reward as mean ± sd with one dot per seed on a
// shared scale, the human-normalized score (raw and clipped, or why it is undefined), the correlation of the best
// and human rewards, the curriculum's fine-tuned vs from-scratch comparison, and what the evaluation cost.
// Contract: `#evaluation[data-status]` (pending|evaluating|done|skipped|missing), rows
// `#eval-table tr[data-reward="best|human|sparse|bestFromScratch"]` with `.eval-mean`, `.eval-sd` and
// `.eval-values li` (one per seed), `#eval-hns`, `#eval-hns-clipped`, `#eval-hns-note`, `#eval-correlation` (on
// the best policy's transitions), `#eval-training-correlation` (per epoch over training, Eureka's),
// `#eval-finetune`, `#eval-seeds`, `#eval-cached`, `#eval-seconds`, `#eval-candidate`.
import type { Evaluation, SearchView, Spread } from "./api";
import { isFinishedSearch } from "./vocabulary";
import { h } from "./dom";
import { formatFitness, formatInteger, shortId } from "./format";

export type RewardKey = "best" | "human" | "sparse" | "bestFromScratch";

export interface EvaluationRow {
  key: RewardKey;
  label: string;
  help: string;
  spread: Spread;
}

/** Where the evaluation is: done (a record), evaluating, pending (the loop runs), skipped (E = 0), missing. */
export type EvaluationStatus = "done" | "evaluating" | "pending" | "skipped" | "missing";

export function evaluationStatus(view: SearchView): EvaluationStatus {
  if (view.evaluation !== null && view.evaluation !== undefined) return "done";
  if (view.state === "evaluating") return "evaluating";
  if (view.budget.evalSeeds === 0) return "skipped";
  return isFinishedSearch(view.state) ? "missing" : "pending";
}

/** The rows of the table, best first; the from-scratch row only for a curriculum (fine-tuning) search. */
export function evaluationRows(e: Evaluation): EvaluationRow[] {
  const curriculum = e.bestFromScratch !== null && e.bestFromScratch !== undefined;
  const rows: EvaluationRow[] = [
    {
      key: "best",
      label: curriculum ? "Best reward (fine-tuned)" : "Best reward",
      help: "The search\u2019s best program",
      spread: e.best,
    },
  ];
  if (curriculum)
    rows.push({
      key: "bestFromScratch",
      label: "Best reward (from scratch)",
      help: "Same program and budget, fresh policy",
      spread: e.bestFromScratch!,
    });
  rows.push(
    { key: "human", label: "Human reward", help: "The task\u2019s hand-written reward", spread: e.human },
    { key: "sparse", label: "Sparse reward", help: "F itself as the reward", spread: e.sparse },
  );
  return rows;
}

/**
 * The shared value range of the dot strips: every seed's F and every mean ± sd, padded by 5% each side (a
 * unit-wide range around a single value), so dots of different rewards compare by position.
 */
export function valueDomain(rows: readonly EvaluationRow[]): [number, number] {
  const values: number[] = [];
  for (const r of rows) {
    values.push(...r.spread.values, r.spread.mean - r.spread.sd, r.spread.mean + r.spread.sd);
  }
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  } else {
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

/** Where `value` falls on [lo, hi] as a fraction, clamped to [0, 1]. */
export function position(value: number, [lo, hi]: [number, number]): number {
  if (!Number.isFinite(value) || hi <= lo) return 0.5;
  return Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
}

/** "fine-tuned 0.950 vs from scratch 0.700 (+0.250)", or null without a curriculum. */
export function finetuneSummary(e: Evaluation): string | null {
  if (e.bestFromScratch === null || e.bestFromScratch === undefined) return null;
  const gain = e.best.mean - e.bestFromScratch.mean;
  const sign = gain > 0 ? "+" : gain < 0 ? "\u2212" : "\u00b1";
  const verdict = gain > 0 ? "fine-tuning helps" : gain < 0 ? "fine-tuning hurts" : "no difference";
  return `Fine-tuned ${formatFitness(e.best.mean)} vs from scratch ${formatFitness(e.bestFromScratch.mean)}: ${sign}${formatFitness(Math.abs(gain))} (${verdict}).`;
}

/** "12.3 s", "4 min 05 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "\u2014";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m} min ${String(s).padStart(2, "0")} s`;
}

/**
 * Eureka's correlation's text (docs/llm.md, "Reward correlation"): "0.912 over 20 epochs", or why there is none.
 */
export function trainingCorrelationText(e: Evaluation): string {
  const epochs = e.trainingCorrelationEpochs ?? 0;
  if (e.trainingCorrelation === null || e.trainingCorrelation === undefined)
    return epochs < 2
      ? "undefined: the training recorded too few epochs with both rewards' means"
      : `undefined: one of the rewards' means is constant over the ${formatInteger(epochs)} epochs`;
  return `${formatFitness(e.trainingCorrelation)} over ${formatInteger(epochs)} epochs`;
}

/** The correlation's text: "0.873 over 2,048 transitions", or why there is none. */
export function correlationText(e: Evaluation): string {
  if (e.correlation === null || e.correlation === undefined)
    return `undefined: one of the rewards is constant over the ${formatInteger(e.correlationSteps)} transitions`;
  return `${formatFitness(e.correlation)} over ${formatInteger(e.correlationSteps)} transitions`;
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, String(v));
  return element;
}

const STRIP_W = 240;
const STRIP_H = 22;

/** One reward's seeds as dots, its mean as a tick and mean ± sd as a bar, on the shared domain. */
function dotStrip(row: EvaluationRow, domain: [number, number]): SVGElement {
  const x = (v: number): number => 6 + position(v, domain) * (STRIP_W - 12);
  const root = svg("svg", {
    class: `dot-strip reward-${row.key}`,
    viewBox: `0 0 ${STRIP_W} ${STRIP_H}`,
    preserveAspectRatio: "none",
    role: "img",
    "aria-label": `${row.label}: F per seed ${row.spread.values.map((v) => formatFitness(v)).join(", ")}`,
  });
  root.append(svg("line", { class: "axis", x1: 0, x2: STRIP_W, y1: STRIP_H / 2, y2: STRIP_H / 2 }));
  const lo = x(row.spread.mean - row.spread.sd);
  const hi = x(row.spread.mean + row.spread.sd);
  root.append(svg("rect", { class: "sd", x: lo, y: STRIP_H / 2 - 4, width: Math.max(1, hi - lo), height: 8, rx: 2 }));
  for (const v of row.spread.values) root.append(svg("circle", { class: "seed", cx: x(v), cy: STRIP_H / 2, r: 3.5 }));
  const m = x(row.spread.mean);
  root.append(svg("line", { class: "mean", x1: m, x2: m, y1: 2, y2: STRIP_H - 2 }));
  return root;
}

function fact(label: string, value: Node | string, id: string): HTMLElement {
  return h("div", {}, h("dt", {}, label), h("dd", { id }, value));
}

/** The panel's content for a search: the evaluation when there is one, else what will happen (or did not). */
export function renderEvaluation(view: SearchView): HTMLElement[] {
  const status = evaluationStatus(view);
  const seeds = view.budget.evalSeeds;
  const trainings = seeds * (view.budget.finetuneFrom ? 4 : 3);
  if (status !== "done") {
    const text =
      status === "evaluating"
        ? `Evaluating\u2026 the best, human and sparse rewards are each trained with ${seeds} ${seeds === 1 ? "seed" : "seeds"} and the full PPO budget (up to ${trainings} trainings; cached baselines are reused).`
        : status === "pending"
          ? `When the search ends, the best, human and sparse rewards are each trained with ${seeds} ${seeds === 1 ? "seed" : "seeds"} and the full PPO budget; the results appear here.`
          : status === "skipped"
            ? "No final evaluation: this search was started with 0 evaluation seeds."
            : "No evaluation: the search ended before its final evaluation ran.";
    return [
      h(
        "p",
        { id: "eval-status", class: status === "evaluating" ? "empty evaluating" : "empty" },
        status === "evaluating" ? h("span", { class: "spinner", "aria-hidden": "true" }) : null,
        text,
      ),
    ];
  }
  const e = view.evaluation!;
  const rows = evaluationRows(e);
  const domain = valueDomain(rows);
  const table = h(
    "table",
    { id: "eval-table", class: "data eval-table" },
    h("caption", { class: "visually-hidden" }, "F of each reward over the evaluation seeds"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Reward"),
        h("th", { scope: "col", class: "num" }, "F mean"),
        h("th", { scope: "col", class: "num" }, "\u00b1 sd"),
        h(
          "th",
          { scope: "col", class: "strip-head" },
          h("span", {}, "Per seed"),
          h("span", { class: "muted mono domain" }, `${formatFitness(domain[0])} \u2013 ${formatFitness(domain[1])}`),
        ),
        h("th", { scope: "col" }, "Values"),
      ),
    ),
    h(
      "tbody",
      {},
      ...rows.map((r) =>
        h(
          "tr",
          { "data-reward": r.key },
          h(
            "th",
            { scope: "row" },
            h("span", { class: `swatch reward-${r.key}`, "aria-hidden": "true" }),
            h("span", { class: "reward-label" }, r.label),
            h("span", { class: "help reward-help" }, r.help),
          ),
          h("td", { class: "num mono eval-mean" }, formatFitness(r.spread.mean)),
          h("td", { class: "num mono eval-sd" }, formatFitness(r.spread.sd)),
          h("td", { class: "strip-cell" }, dotStrip(r, domain)),
          h(
            "td",
            { class: "values-cell" },
            h(
              "ol",
              { class: "eval-values mono small-text" },
              ...r.spread.values.map((v, i) => h("li", { title: `Seed ${i + 1}` }, formatFitness(v))),
            ),
          ),
        ),
      ),
    ),
  );
  const hnsDefined = e.hns !== null && e.hns !== undefined;
  const hns = h(
    "div",
    { class: "eval-score" },
    h("p", { class: "label" }, "Human-normalized score"),
    h(
      "p",
      { class: "score mono", id: "eval-hns", "data-defined": String(hnsDefined) },
      hnsDefined ? formatFitness(e.hns) : "undefined",
    ),
    hnsDefined
      ? h(
          "p",
          { class: "help" },
          "Clipped to [0, 3] for averages: ",
          h("span", { id: "eval-hns-clipped", class: "mono" }, formatFitness(e.hnsClipped)),
          ". 1 means as good as the human reward, 0 as good as the sparse one.",
        )
      : h("p", { class: "help", id: "eval-hns-note" }, e.hnsNote ?? "The human and sparse rewards reach the same F."),
  );
  const correlation = h(
    "div",
    { class: "eval-score" },
    h("p", { class: "label" }, "Correlation with the human reward"),
    h(
      "p",
      { class: "score mono" },
      e.correlation === null || e.correlation === undefined ? "undefined" : formatFitness(e.correlation),
    ),
    h(
      "p",
      { class: "help", id: "eval-correlation" },
      correlationText(e),
      " on the best policy's transitions (Pearson, per step).",
    ),
  );
  const trainingCorrelation = h(
    "div",
    { class: "eval-score" },
    h("p", { class: "label" }, "Correlation per epoch over training (Eureka)"),
    h(
      "p",
      { class: "score mono" },
      e.trainingCorrelation === null || e.trainingCorrelation === undefined
        ? "undefined"
        : formatFitness(e.trainingCorrelation),
    ),
    h(
      "p",
      { class: "help", id: "eval-training-correlation" },
      trainingCorrelationText(e),
      " of the best candidate's training: its reward's and the human reward's means per epoch (Pearson).",
    ),
  );
  const finetune = finetuneSummary(e);
  const parts: (HTMLElement | null)[] = [
    h("div", { class: "table-scroll" }, table),
    h("div", { class: "eval-scores" }, hns, correlation, trainingCorrelation),
    finetune === null ? null : h("p", { id: "eval-finetune", class: "eval-finetune" }, finetune),
    h(
      "dl",
      { class: "facts-strip eval-facts" },
      fact("Seeds", String(e.best.values.length), "eval-seeds"),
      fact("Cached trainings", String(e.cachedTrainings), "eval-cached"),
      fact("Wall time", formatSeconds(e.seconds), "eval-seconds"),
      fact(
        "Evaluated candidate",
        h("a", { href: `/candidates/${encodeURIComponent(e.candidate)}`, class: "mono" }, shortId(e.candidate)),
        "eval-candidate",
      ),
    ),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}
