// The search page's state, fed by the live stream (/ws/searches/{id}): the first message of every connection is
// the whole search, later ones are changes. Each connection starts over from its first message, so a reconnect
// catches up without gaps; sequence numbers drop anything already applied, so nothing is applied twice.
import type { CandidateSummary, Evaluation, IterationView, MetricPoint, SearchView, Tally } from "./api";
import { isTerminalCandidate } from "./vocabulary";
import type { SearchState } from "./vocabulary";
import { CurveStore } from "./chartData";

export type LiveMessage =
  | { type: "search"; seq: number; view: SearchView }
  | { type: "state"; seq: number; state: SearchState; reason: string | null }
  | { type: "candidate"; seq: number; candidate: CandidateSummary & { attempt: number } }
  | { type: "metrics"; seq: number; candidate: string; attempt: number; records: MetricPoint[] }
  | { type: "best"; seq: number; candidate: string; fitness: number }
  | { type: "evaluation"; seq: number; evaluation: Evaluation }
  | { type: "comparisons"; seq: number; restart: number; iteration: number; count: number }
  | {
      type: "votes";
      seq: number;
      comparison: string;
      restart: number;
      iteration: number;
      tally: Tally;
      liveVotes: number;
      totalVotes: number;
    }
  | { type: "iteration"; seq: number; restart: number; iteration: number; selected: string | null }
  | {
      type: "reflection-awaited";
      seq: number;
      restart: number;
      iteration: number;
      candidate: string;
      mode: string;
      automatic: string;
    }
  | {
      type: "reflection";
      seq: number;
      restart: number;
      iteration: number;
      candidate: string;
      author: string;
      text: string;
    }
  | { type: "error"; seq?: number; reason: string };

type ChangeMessage = Exclude<LiveMessage, { type: "search" } | { type: "error" }>;

/** What a message changed, so the page redraws only that. */
export type Change =
  | { kind: "none" }
  | { kind: "all" }
  | { kind: "state" }
  | { kind: "candidate"; id: string; newIteration: boolean }
  | { kind: "metrics"; id: string }
  | { kind: "best" }
  | { kind: "evaluation" }
  | { kind: "feedback" }
  | { kind: "reflection" }
  | { kind: "iteration" }
  | { kind: "error"; reason: string };

const NONE: Change = { kind: "none" };

/** Parses one text frame; throws on anything that is not a known message. */
export function parseMessage(text: string): LiveMessage {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    throw new Error("Invalid live message: no type");
  }
  const m = value as LiveMessage;
  if (m.type !== "error" && typeof m.seq !== "number") throw new Error(`Invalid live message: ${m.type} has no seq`);
  return m;
}

export class SearchModel {
  view: SearchView | null = null;
  readonly curves = new CurveStore();
  /** The highest sequence number applied on the current connection. */
  lastSeq = 0;
  /** Messages of this connection that came before its first "search" message. */
  private early: ChangeMessage[] = [];
  private synced = false;
  /** Iterations ("restart/index") whose choice the server announced: their `selected` is final. */
  private readonly decided = new Set<string>();

  /** A new connection begins: wait for its first message, the whole search. */
  connectionOpened(): void {
    this.synced = false;
    this.early = [];
    this.lastSeq = 0;
  }

  /** Whether the current connection has delivered the whole search yet. */
  get isSynced(): boolean {
    return this.synced;
  }

  /** Applies one message and says what changed. */
  apply(message: LiveMessage): Change {
    if (message.type === "error") return { kind: "error", reason: message.reason };
    if (message.type === "search") {
      this.view = structuredClone(message.view);
      this.decided.clear();
      this.normalize();
      this.synced = true;
      this.lastSeq = message.seq;
      // The server registers a viewer before it reads the search, so changes made while it read come first,
      // numbered below the snapshot. Replaying them in order keeps the newest of each (they carry whole states).
      const early = this.early.sort((a, b) => a.seq - b.seq);
      this.early = [];
      for (const m of early) {
        this.change(m);
        this.lastSeq = Math.max(this.lastSeq, m.seq);
      }
      return { kind: "all" };
    }
    if (!this.synced) {
      this.early.push(message);
      return NONE;
    }
    if (message.seq <= this.lastSeq) return NONE;
    this.lastSeq = message.seq;
    return this.change(message);
  }

  /** Metric records read over REST (a catch-up): merged by epoch, so overlap with the stream is harmless. */
  addMetrics(candidate: string, attempt: number, records: readonly MetricPoint[]): boolean {
    return this.curves.add(candidate, attempt, records);
  }

  /** The candidates of the iteration under way (the last one of the last restart). */
  currentIteration(): IterationView | null {
    const iterations = this.view?.iterations ?? [];
    return iterations.length === 0 ? null : iterations[iterations.length - 1];
  }

  findCandidate(id: string): CandidateSummary | null {
    for (const iteration of this.view?.iterations ?? []) {
      const c = iteration.candidates.find((x) => x.id === id);
      if (c !== undefined) return c;
    }
    return null;
  }

  private change(message: ChangeMessage): Change {
    const view = this.view!;
    switch (message.type) {
      case "state":
        view.state = message.state;
        view.reason = message.reason;
        return { kind: "state" };
      case "best":
        view.best = { candidate: message.candidate, fitness: message.fitness };
        return { kind: "best" };
      case "evaluation":
        view.evaluation = message.evaluation;
        return { kind: "evaluation" };
      case "comparisons":
      case "votes":
        // The pairs and votes live outside the search view: the page reads them again.
        return { kind: "feedback" };
      case "reflection-awaited":
      case "reflection":
        // The human reflections live outside the search view too (GET /reflections).
        return { kind: "reflection" };
      case "iteration": {
        const it = view.iterations.find((i) => i.index === message.iteration && i.restart === message.restart);
        if (it === undefined) return NONE;
        it.selected = message.selected;
        this.decided.add(`${message.restart}/${message.iteration}`);
        return { kind: "iteration" };
      }
      case "metrics":
        return this.curves.add(message.candidate, message.attempt, message.records)
          ? { kind: "metrics", id: message.candidate }
          : NONE;
      case "candidate": {
        const newIteration = this.upsert(message.candidate);
        if (message.candidate.state === "training") {
          this.curves.startAttempt(message.candidate.id, message.candidate.attempt);
        }
        this.normalize();
        return { kind: "candidate", id: message.candidate.id, newIteration };
      }
    }
  }

  /** Puts a candidate in its iteration (creating the iteration); returns whether the iteration is new. */
  private upsert(update: CandidateSummary & { attempt: number }): boolean {
    const view = this.view!;
    const { attempt, ...candidate } = update;
    void attempt;
    let iteration = view.iterations.find((i) => i.index === candidate.iteration && i.restart === candidate.restart);
    let created = false;
    if (iteration === undefined) {
      iteration = { index: candidate.iteration, restart: candidate.restart, selected: null, candidates: [] };
      view.iterations.push(iteration);
      view.iterations.sort((a, b) => a.restart - b.restart || a.index - b.index);
      created = true;
    }
    const at = iteration.candidates.findIndex((c) => c.id === candidate.id);
    if (at >= 0) iteration.candidates[at] = { ...iteration.candidates[at], ...candidate };
    else {
      iteration.candidates.push(candidate);
      iteration.candidates.sort((a, b) => a.index - b.index);
    }
    return created;
  }

  /**
   * Recomputes what the server derives (each iteration's selected candidate, the progress) after a change. With
   * fitness selection the selected candidate is the best by F; with preference or mixed selection it is whatever
   * the server chose, which the next iteration's candidates name as their parent.
   */
  private normalize(): void {
    const view = this.view!;
    const byFitness = (view.selection ?? "fitness") === "fitness";
    for (const iteration of view.iterations) {
      if (this.decided.has(`${iteration.restart}/${iteration.index}`)) continue;
      if (!byFitness) {
        const next = view.iterations.find((i) => i.restart === iteration.restart && i.index === iteration.index + 1);
        const parent = next?.candidates.find((c) => c.parent)?.parent;
        if (parent) iteration.selected = parent;
        continue;
      }
      let selected: CandidateSummary | null = null;
      for (const c of iteration.candidates) {
        if (c.state !== "done" || c.fitness === null) continue;
        if (
          selected === null ||
          c.fitness > selected.fitness! ||
          (c.fitness === selected.fitness && c.index < selected.index)
        )
          selected = c;
      }
      iteration.selected = selected?.id ?? null;
    }
    const last = view.iterations[view.iterations.length - 1];
    view.progress =
      last === undefined
        ? null
        : {
            restart: last.restart,
            iteration: last.index,
            iterations: view.budget.iterations,
            candidatesDone: last.candidates.filter((c) => isTerminalCandidate(c.state)).length,
            candidates: last.candidates.length,
          };
  }
}
