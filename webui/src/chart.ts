// Line charts with uPlot: columnar data, `setData` on every update, no animation. A chart rebuilds itself only
// when its series change (a new candidate or a theme switch); otherwise an update is one setData call.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Columns } from "./chartData";
import { h } from "./dom";

export interface SeriesSpec {
  label: string;
  /** An index into the palette (--chart-1 ... --chart-8), or a CSS variable name such as "--chart-human". */
  color: number | string;
  dash?: boolean;
  width?: number;
  points?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel?: string;
  height?: number;
  /** Integer ticks on x (iterations). */
  integerX?: boolean;
}

const PALETTE_SIZE = 8;
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const precise = new Intl.NumberFormat("en", { maximumSignificantDigits: 4 });

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

function colorOf(spec: SeriesSpec): string {
  return typeof spec.color === "string" ? cssVar(spec.color) : cssVar(`--chart-${(spec.color % PALETTE_SIZE) + 1}`);
}

/** Formats an axis or legend value: compact for large step counts, four significant digits otherwise. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "\u2014";
  return Math.abs(value) >= 10_000 ? compact.format(value) : precise.format(value);
}

export class LineChart {
  readonly element: HTMLElement;
  private readonly plotBox: HTMLElement;
  private plot: uPlot | null = null;
  private series: SeriesSpec[] = [];
  private data: Columns = [[]];
  private readonly resize: ResizeObserver | null;
  private readonly themeQuery: MediaQueryList | null;

  constructor(
    private readonly spec: ChartSpec,
    attrs: Record<string, string> = {},
  ) {
    this.plotBox = h("div", { class: "chart-plot" });
    this.element = h(
      "figure",
      { class: "chart", ...attrs, "data-points": "0", "data-series": "0" },
      h("figcaption", { class: "chart-title" }, spec.title),
      this.plotBox,
    );
    this.resize =
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver(() => {
            if (this.plot !== null) this.plot.setSize({ width: this.width(), height: this.height() });
          });
    this.resize?.observe(this.plotBox);
    this.themeQuery = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
    this.themeQuery?.addEventListener("change", this.rebuild);
  }

  /** Shows `data` for `series`; rebuilds only when the series' labels or styles changed. */
  update(series: SeriesSpec[], data: Columns): void {
    this.data = data;
    this.element.dataset.points = String(data[0].length);
    this.element.dataset.series = String(series.length);
    if (JSON.stringify(series) !== JSON.stringify(this.series) || this.plot === null) {
      this.series = series;
      this.rebuild();
    } else {
      this.plot.setData(data);
    }
  }

  destroy(): void {
    this.resize?.disconnect();
    this.themeQuery?.removeEventListener("change", this.rebuild);
    this.plot?.destroy();
    this.plot = null;
  }

  private width(): number {
    return Math.max(240, Math.floor(this.plotBox.clientWidth || 480));
  }

  private height(): number {
    return this.spec.height ?? 200;
  }

  private readonly rebuild = (): void => {
    this.plot?.destroy();
    this.plot = null;
    const text = cssVar("--text-muted");
    const grid = cssVar("--border");
    const axis = (label: string | undefined, integer: boolean): uPlot.Axis => ({
      label,
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font: "12px system-ui, sans-serif",
      labelFont: "12px system-ui, sans-serif",
      values: (_u, splits) => splits.map((v) => formatValue(v)),
      ...(integer ? { incrs: [1, 2, 5, 10] } : {}),
    });
    // The y axis grows with its longest tick label ("0.9998"), so the labels never run into the axis title.
    const yAxis: uPlot.Axis = {
      ...axis(this.spec.yLabel, false),
      size: (_u, values) =>
        Math.max(40, 18 + 7 * Math.max(0, ...(values ?? []).map((v) => String(v ?? "").length))) +
        (this.spec.yLabel ? 12 : 0),
    };
    const options: uPlot.Options = {
      width: this.width(),
      height: this.height(),
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { show: true, live: true },
      scales: {
        x: {
          time: false,
          // One iteration (or one point) would give uPlot an empty x range: widen it so the point shows.
          // (uPlot pads a single x to [x, x + 100] before asking, so look at the data itself).
          range: (u, min, max) => {
            const xs = u.data[0];
            return xs.length === 1 ? [xs[0] - 0.5, xs[0] + 0.5] : min === max ? [min - 0.5, max + 0.5] : [min, max];
          },
        },
      },
      axes: [axis(this.spec.xLabel, this.spec.integerX ?? false), yAxis],
      series: [
        { label: this.spec.xLabel, value: (_u, v) => formatValue(v) },
        ...this.series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: colorOf(s),
          width: s.width ?? 1.75,
          dash: s.dash ? [6, 4] : undefined,
          spanGaps: true,
          points: { show: s.points ?? false, size: 6 },
          value: (_u, v) => formatValue(v),
        })),
      ],
    };
    this.plot = new uPlot(options, this.data as uPlot.AlignedData, this.plotBox);
  };
}
