// The "Progress" card: the best fitness per iteration (and best so far, per restart) against the human and
// sparse baselines, with a note on where the baselines come from. Chart `#chart-best`, note `#chart-best-note`.
import type { SearchView } from "../../api";
import { LineChart } from "../../chart";
import type { SeriesSpec } from "../../chart";
import { bestPerIteration } from "../../chartData";
import { h } from "../../dom";
import { bestChartNote, lineSeries } from "./model";

export interface BestChart {
  element: HTMLElement;
  render(view: SearchView): void;
}

export function setupBestChart(): BestChart {
  const chart = new LineChart(
    { title: "Best fitness per iteration", xLabel: "Iteration", yLabel: "F", height: 220, integerX: true },
    { id: "chart-best" },
  );
  const note = h("p", { id: "chart-best-note", class: "help chart-note" });
  const element = h(
    "section",
    { class: "card", "aria-labelledby": "best-heading" },
    h("h2", { id: "best-heading" }, "Progress"),
    chart.element,
    note,
  );

  function render(view: SearchView): void {
    const best = bestPerIteration(view);
    // A single iteration has no line to draw between points: show every series as points then.
    const single = best.columns[0].length === 1;
    const series: SeriesSpec[] = best.lines.map((line) => ({
      ...lineSeries(line),
      ...(single ? { points: true } : {}),
    }));
    chart.update(series, best.columns);
    note.textContent = bestChartNote(view, best);
  }

  return { element, render };
}
