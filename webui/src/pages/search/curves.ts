// The "Training curves" card: one chart per metric (F and every component) of the iteration under way, each line
// a candidate, against environment steps. Charts `#curves figure.chart[data-metric]`.
import type { CandidateSummary } from "../../api";
import { LineChart } from "../../chart";
import type { SeriesSpec } from "../../chart";
import { alignByStep, componentNames } from "../../chartData";
import { h } from "../../dom";
import type { SearchModel } from "../../searchModel";

const CURVE_METRICS_LABEL: Readonly<Record<string, string>> = { fitness: "Fitness F" };

export interface Curves {
  element: HTMLElement;
  /** Rebuilds the charts for the iteration under way (its candidates and their components). */
  render(): void;
  /** Sets the charts' data from the store: one setData per chart per update. */
  update(): void;
}

export function setupCurves(model: SearchModel): Curves {
  const title = h("h2", { id: "curves-heading" }, "Training curves");
  const note = h("p", { class: "help" });
  const grid = h("div", { id: "curves", class: "chart-grid" });
  const charts = new Map<string, LineChart>();
  const element = h("section", { class: "card", "aria-labelledby": "curves-heading" }, title, note, grid);

  function currentCandidates(): CandidateSummary[] {
    return model.currentIteration()?.candidates.filter((c) => c.state !== "rejected") ?? [];
  }

  function render(): void {
    const iteration = model.currentIteration();
    title.textContent =
      iteration === null ? "Training curves" : `Training curves \u00b7 iteration ${iteration.index + 1}`;
    for (const chart of charts.values()) chart.destroy();
    charts.clear();
    grid.replaceChildren();
    const candidates = currentCandidates();
    if (candidates.length === 0) {
      note.textContent =
        iteration === null
          ? "Curves appear when the first candidate trains."
          : "No candidate of this iteration trains (all rejected so far).";
      return;
    }
    note.textContent = "Mean per epoch of the candidates of the iteration under way, against environment steps.";
    update();
  }

  function update(): void {
    const candidates = currentCandidates();
    if (candidates.length === 0) return;
    const metrics = ["fitness", ...componentNames(candidates, model.curves)];
    const curves = candidates.map((c) => model.curves.get(c.id));
    const series: SeriesSpec[] = candidates.map((c) => ({ label: `#${c.index + 1} ${c.origin}`, color: c.index }));
    for (const metric of metrics) {
      let chart = charts.get(metric);
      if (chart === undefined) {
        chart = new LineChart(
          { title: CURVE_METRICS_LABEL[metric] ?? metric, xLabel: "Steps", height: 180 },
          { "data-metric": metric },
        );
        charts.set(metric, chart);
        grid.append(chart.element);
      }
      chart.update(series, alignByStep(curves, metric));
    }
  }

  return { element, render, update };
}
