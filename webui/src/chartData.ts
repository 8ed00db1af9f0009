// Columnar curve data for the charts: each training's metric records kept as parallel arrays (one per metric),
// merged by epoch so a record that arrives twice (live and again in a catch-up read) is stored once, and a
// candidate's retry (a higher attempt) starts its curves afresh. uPlot wants [x, y1, y2, ...] with one shared x.
import type { CandidateSummary, IterationView, MetricPoint, SearchView } from "./api";

/** A value in a column: null where no episode finished in that epoch (uPlot leaves a gap). */
export type Cell = number | null;

/** uPlot's AlignedData: the x column first, then one y column per series, all the same length. */
export type Columns = [number[], ...Cell[][]];

/** The fixed metrics every training reports, besides its own components. */
export const BASE_METRICS = ["fitness", "episodicReturn", "episodeLength"] as const;
export type BaseMetric = (typeof BASE_METRICS)[number];

/** One training's curves, in epoch order. */
export class Curves {
  readonly epochs: number[] = [];
  readonly steps: number[] = [];
  readonly base: Record<BaseMetric, Cell[]> = { fitness: [], episodicReturn: [], episodeLength: [] };
  /** Component name -> its mean per epoch, in the order the program first recorded them. */
  readonly components = new Map<string, Cell[]>();

  constructor(readonly attempt: number) {}

  get length(): number {
    return this.epochs.length;
  }

  /** Adds or replaces the record of its epoch; records may come in any order. */
  put(record: MetricPoint): void {
    const at = this.indexFor(record.epoch);
    const fresh = at === this.epochs.length || this.epochs[at] !== record.epoch;
    if (fresh) {
      this.epochs.splice(at, 0, record.epoch);
      this.steps.splice(at, 0, record.globalStep);
      for (const name of BASE_METRICS) this.base[name].splice(at, 0, null);
      for (const column of this.components.values()) column.splice(at, 0, null);
    }
    this.steps[at] = record.globalStep;
    for (const name of BASE_METRICS) this.base[name][at] = finite(record[name]);
    for (const [name, value] of Object.entries(record.components ?? {})) {
      let column = this.components.get(name);
      if (column === undefined) {
        column = new Array<Cell>(this.epochs.length).fill(null);
        this.components.set(name, column);
      }
      column[at] = finite(value);
    }
  }

  /** The column of a base metric or a component ("fitness", "episodeLength", "upright", ...), if any. */
  column(metric: string): Cell[] | undefined {
    return (BASE_METRICS as readonly string[]).includes(metric)
      ? this.base[metric as BaseMetric]
      : this.components.get(metric);
  }

  /** The latest non-null value of a metric, or null when it has none yet. */
  last(metric: string): Cell {
    const column = this.column(metric);
    if (column === undefined) return null;
    for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i];
    return null;
  }

  /** The last environment step reached, 0 before the first record. */
  lastStep(): number {
    return this.steps.length === 0 ? 0 : this.steps[this.steps.length - 1];
  }

  /** [globalStep, metric] for one training's chart. */
  columns(metrics: readonly string[]): Columns {
    return [this.steps, ...metrics.map((m) => this.column(m) ?? new Array<Cell>(this.length).fill(null))];
  }

  private indexFor(epoch: number): number {
    // Records arrive in order almost always: check the end first.
    const n = this.epochs.length;
    if (n === 0 || this.epochs[n - 1] < epoch) return n;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.epochs[mid] < epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function finite(value: number | null | undefined): Cell {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The curves of every candidate seen, by id. */
export class CurveStore {
  private readonly byCandidate = new Map<string, Curves>();

  get(candidate: string): Curves | undefined {
    return this.byCandidate.get(candidate);
  }

  /**
   * Merges `records` of `attempt` into the candidate's curves: a newer attempt replaces the old curves, records of
   * an older attempt are ignored. Returns whether anything was stored.
   */
  add(candidate: string, attempt: number, records: readonly MetricPoint[]): boolean {
    let curves = this.byCandidate.get(candidate);
    if (curves !== undefined && attempt < curves.attempt) return false;
    if (curves === undefined || attempt > curves.attempt) {
      curves = new Curves(attempt);
      this.byCandidate.set(candidate, curves);
    }
    for (const record of records) curves.put(record);
    return true;
  }

  /** Forgets a candidate's curves when it restarts training under a new attempt. */
  startAttempt(candidate: string, attempt: number): void {
    const curves = this.byCandidate.get(candidate);
    if (curves === undefined || attempt > curves.attempt) this.byCandidate.set(candidate, new Curves(attempt));
  }
}

/**
 * One chart's columns for several trainings: the x column is the union of their steps, and each training's
 * metric is placed at its steps with null elsewhere (trainings of one search share steps, so this is usually a
 * plain copy). Trainings with no record yet give all-null columns so the series keep their colours.
 */
export function alignByStep(curves: readonly (Curves | undefined)[], metric: string): Columns {
  const xs = new Set<number>();
  for (const c of curves) if (c !== undefined) for (const s of c.steps) xs.add(s);
  const x = [...xs].sort((a, b) => a - b);
  const position = new Map<number, number>();
  x.forEach((s, i) => position.set(s, i));
  const ys = curves.map((c) => {
    const y = new Array<Cell>(x.length).fill(null);
    const column = c?.column(metric);
    if (c !== undefined && column !== undefined) {
      for (let i = 0; i < c.steps.length; i++) y[position.get(c.steps[i])!] = column[i];
    }
    return y;
  });
  return [x, ...ys];
}

/** Every component name the candidates record, in first-seen order. */
export function componentNames(candidates: readonly CandidateSummary[], store: CurveStore): string[] {
  const names = new Set<string>();
  for (const c of candidates) {
    for (const name of c.components ?? []) names.add(name);
    const curves = store.get(c.id);
    if (curves !== undefined) for (const name of curves.components.keys()) names.add(name);
  }
  return [...names];
}

/** The best fitness of one iteration's finished candidates, or null when none finished with a fitness. */
export function iterationBest(iteration: IterationView): Cell {
  let best: Cell = null;
  for (const c of iteration.candidates) {
    if (c.state === "done" && c.fitness !== null && (best === null || c.fitness > best)) best = c.fitness;
  }
  return best;
}

/**
 * The human reward's fitness in this search: the fitness of its candidate of origin "human" (present when the
 * search started from the human reward), else null. It is only a fair baseline when trained with the same budget,
 * which a human-initialized search guarantees.
 */
export function humanBaseline(view: SearchView): Cell {
  for (const iteration of view.iterations) {
    for (const c of iteration.candidates) {
      if (c.origin === "human" && c.state === "done" && c.fitness !== null) return c.fitness;
    }
  }
  return null;
}

/** One y column of the best-per-iteration chart, in column order. */
export type BestLine =
  | { kind: "iteration-best" }
  | { kind: "best-so-far"; restart: number | null }
  | { kind: "human"; from: "evaluation" | "search" }
  | { kind: "sparse" };

/** The best so far of `best` (one cell per iteration), drawn only up to the last iteration with a result. */
function runningBest(best: readonly Cell[]): Cell[] {
  let last = -1;
  for (let i = 0; i < best.length; i++) if (best[i] !== null) last = i;
  let running: Cell = null;
  return best.map((b, i) => {
    if (b !== null && (running === null || b > running)) running = b;
    return i <= last ? running : null;
  });
}

/**
 * Columns of the best-per-iteration chart: x = iteration 1..N as the page numbers them (the whole budget, so the
 * axis does not jump),
 * then the iteration's best (over restarts), the best so far (one line per restart when there are several), and
 * the reference lines: the human reward (the final evaluation's mean over seeds when there is one, else the
 * search's own human-initialized candidate) and the sparse reward (the evaluation's mean; unknown before it).
 * `lines` says what each y column is.
 */
export function bestPerIteration(view: SearchView): {
  columns: Columns;
  lines: BestLine[];
  human: Cell;
  sparse: Cell;
} {
  const n = Math.max(view.budget.iterations, ...view.iterations.map((i) => i.index + 1), 1);
  const x = Array.from({ length: n }, (_, i) => i + 1);
  const restarts = Math.max(view.budget.restarts ?? 1, ...view.iterations.map((i) => i.restart + 1), 1);
  const best = new Array<Cell>(n).fill(null);
  const perRestart = Array.from({ length: restarts }, () => new Array<Cell>(n).fill(null));
  for (const iteration of view.iterations) {
    const b = iterationBest(iteration);
    const at = iteration.index;
    if (b === null || at >= n) continue;
    if (best[at] === null || b > best[at]!) best[at] = b;
    const row = perRestart[iteration.restart];
    if (row !== undefined && (row[at] === null || b > row[at]!)) row[at] = b;
  }
  const columns: Columns = [x, best];
  const lines: BestLine[] = [{ kind: "iteration-best" }];
  if (restarts > 1) {
    perRestart.forEach((row, r) => {
      columns.push(runningBest(row));
      lines.push({ kind: "best-so-far", restart: r });
    });
  } else {
    columns.push(runningBest(best));
    lines.push({ kind: "best-so-far", restart: null });
  }
  const evaluation = view.evaluation ?? null;
  const human: Cell = evaluation !== null ? finite(evaluation.human.mean) : humanBaseline(view);
  if (human !== null) {
    columns.push(new Array<Cell>(n).fill(human));
    lines.push({ kind: "human", from: evaluation !== null ? "evaluation" : "search" });
  }
  const sparse: Cell = evaluation !== null ? finite(evaluation.sparse.mean) : null;
  if (sparse !== null) {
    columns.push(new Array<Cell>(n).fill(sparse));
    lines.push({ kind: "sparse" });
  }
  return { columns, lines, human, sparse };
}
