// The search page, live over /ws/searches/{id}: header with state and controls (by role), the best fitness per
// iteration against the human baseline, live training curves of F and every component for the iteration under
// way, and one table of candidates per iteration. Each (re)connection starts from the whole search; metric
// curves missed while away are read back over REST and merged by epoch, so nothing is missing or doubled.
// Contract with the Playwright test: `#app[data-live]` (connecting|open|reconnecting|stopped),
// `#app[data-connections]`, `#app[data-search-state]`, `#search-state`, `#search-progress`, `#search-best a`,
// `#chart-best`, `#curves figure.chart[data-metric]` (with `data-points`), `table.candidate-table` rows
// `tr[data-candidate-id][data-state]`, buttons `#search-pause|resume|cancel`, `button.candidate-fork`;
// `window.rewardsmithLive.drop()` drops the socket as a network failure would. The voting page's link is
// `#search-vote` (with `data-left` for a voter), the team's preferences `#search-preferences`. The final evaluation's panel is
// `#evaluation` (see evaluationView.ts); with several restarts, iterations are grouped in `section.restart[data-restart]`.
// Steering by votes: `#search-selection` (the mode), `#search-awaiting` while the search waits for votes (with
// `data-votes`, `data-needed`, `data-iteration` and the link `#search-awaiting-vote`), on each iteration's chosen
// candidate `.selected-mark[data-chosen-by]`, and in the heading of an iteration with a parent `.iteration-parent`
// (`data-parent`).
import { FINISHED_STATES, controlSearch, forkSearch, getCandidate, getPreferences, getVoteCounts } from "../api";
import type { CandidateSummary, IterationView, Preference, SearchCommand } from "../api";
import { LineChart } from "../chart";
import type { SeriesSpec } from "../chart";
import { alignByStep, bestPerIteration, componentNames, humanBaseline } from "../chartData";
import type { BestLine } from "../chartData";
import { evaluationStatus, renderEvaluation } from "../evaluationView";
import { card, h } from "../dom";
import { LiveConnection, socketUrl } from "../live";
import type { LiveStatus } from "../live";
import {
  canOperate,
  formatAge,
  formatFitness,
  formatInteger,
  formatTime,
  formatUsage,
  messageBox,
  reasonOf,
  say,
  shortId,
  stateBadge,
} from "../format";
import { pairsLeftText } from "../playerModel";
import { renderPreferences } from "../preferencesView";
import { canVote } from "./vote";
import { awaitingText, chosenLabel, durationText, selectionText, votesOnIteration } from "../steering";
import { SearchModel, parseMessage } from "../searchModel";
import type { Change } from "../searchModel";

declare global {
  interface Window {
    rewardsmithLive?: LiveConnection;
  }
}

const CURVE_METRICS_LABEL: Readonly<Record<string, string>> = { fitness: "Fitness F" };
const TRAINED_STATES = new Set(["training", "done", "failed"]);

/** "upright 0.412 · centred −0.03": each component's latest mean. */
export function componentMeans(names: readonly string[], last: (name: string) => number | null): string {
  return names.map((n) => `${n} ${formatFitness(last(n))}`).join(" \u00b7 ");
}

export function setupSearch(root: HTMLElement): void {
  const id = root.dataset.id ?? "";
  const operator = canOperate(root.dataset.role);
  const model = new SearchModel();
  const message = messageBox("search-message");

  const title = h("h1", { id: "search-title" }, "Search");
  const stateSlot = h("span", { id: "search-state" });
  const reason = h("p", { id: "search-reason", class: "help", hidden: true });
  const liveStatus = h("span", { id: "live-status", class: "live-status", role: "status", "aria-live": "polite" });
  const buttons: Record<SearchCommand, HTMLButtonElement> = {
    pause: h("button", { id: "search-pause", type: "button" }, "Pause"),
    resume: h("button", { id: "search-resume", type: "button", class: "primary" }, "Resume"),
    cancel: h("button", { id: "search-cancel", type: "button", class: "danger" }, "Cancel search"),
  };
  const voteLink = h(
    "a",
    { id: "search-vote", class: "button", href: `/searches/${encodeURIComponent(id)}/vote` },
    canVote(root.dataset.role) ? "Vote on rollouts" : "See the votes",
  );
  const controls = h(
    "div",
    { class: "actions", id: "search-controls" },
    voteLink,
    ...(operator ? Object.values(buttons) : []),
  );
  const awaitingStatus = h("p", { id: "search-awaiting-status" });
  const awaitingBox = h(
    "section",
    { id: "search-awaiting", class: "card awaiting", "aria-live": "polite", hidden: true },
    h("h2", {}, "Waiting for the team’s votes"),
    awaitingStatus,
    h("p", { class: "help", id: "search-awaiting-help" }),
    h(
      "p",
      { class: "actions" },
      h(
        "a",
        { id: "search-awaiting-vote", class: "button primary", href: `/searches/${encodeURIComponent(id)}/vote` },
        canVote(root.dataset.role) ? "Vote on rollouts" : "See the pairs",
      ),
    ),
  );
  const preferencesBody = h("div", { id: "search-preferences-body" });
  const preferencesBox = card(
    "search-preferences",
    "Preferences",
    [
      "The team’s votes on paired rollouts: Bradley-Terry strength per candidate within its iteration (1 is average), with a 95% interval. ",
      h("a", { href: `/searches/${encodeURIComponent(id)}/vote` }, "Vote"),
    ],
    preferencesBody,
  );
  const facts = h("dl", { id: "search-facts", class: "facts-strip" });

  const bestChart = new LineChart(
    { title: "Best fitness per iteration", xLabel: "Iteration", yLabel: "F", height: 220, integerX: true },
    { id: "chart-best" },
  );
  const bestNote = h("p", { id: "chart-best-note", class: "help chart-note" });
  const evaluationBody = h("div", { id: "evaluation-body" });
  const evaluationHeading = h("h2", { id: "evaluation-heading" }, "Final evaluation");
  const evaluationBox = h(
    "section",
    { class: "card evaluation", id: "evaluation", "aria-labelledby": "evaluation-heading", "aria-live": "polite" },
    evaluationHeading,
    evaluationBody,
  );
  const curvesTitle = h("h2", { id: "curves-heading" }, "Training curves");
  const curvesNote = h("p", { class: "help" });
  const curvesGrid = h("div", { id: "curves", class: "chart-grid" });
  const curveCharts = new Map<string, LineChart>();
  const iterationsBox = h("div", { id: "iterations" });
  const loading = h("p", { id: "search-loading", class: "empty" }, "Connecting to the search\u2026");

  root.replaceChildren(
    h(
      "div",
      { class: "page-head with-actions" },
      h(
        "div",
        {},
        h(
          "nav",
          { class: "crumbs", "aria-label": "Breadcrumb" },
          h("a", { href: "/" }, "Searches"),
          ` / ${shortId(id)}`,
        ),
        h("div", { class: "title-row" }, title, stateSlot, liveStatus),
        reason,
      ),
      controls,
    ),
    message,
    awaitingBox,
    loading,
    h(
      "div",
      { id: "search-body", hidden: true },
      h("section", { class: "card", "aria-label": "Summary" }, facts),
      evaluationBox,
      preferencesBox,
      h(
        "section",
        { class: "card", "aria-labelledby": "best-heading" },
        h("h2", { id: "best-heading" }, "Progress"),
        bestChart.element,
        bestNote,
      ),
      h("section", { class: "card", "aria-labelledby": "curves-heading" }, curvesTitle, curvesNote, curvesGrid),
      iterationsBox,
    ),
  );

  for (const [command, button] of Object.entries(buttons) as [SearchCommand, HTMLButtonElement][]) {
    button.addEventListener("click", () => void control(command));
  }

  async function control(command: SearchCommand): Promise<void> {
    if (command === "cancel" && !window.confirm("Cancel this search? Trainings under way stop and it cannot resume."))
      return;
    const button = buttons[command];
    button.disabled = true;
    try {
      const view = await controlSearch(id, command);
      // The stream says so too; applying the answer at once keeps the buttons honest if the socket is slow.
      if (model.view !== null) {
        model.view.state = view.state;
        model.view.reason = view.reason;
      }
      say(
        message,
        command === "pause"
          ? "Paused: trainings under way finish, no new ones start."
          : command === "resume"
            ? "Resumed."
            : "Cancelled.",
        "success",
      );
      renderHeader();
    } catch (error) {
      say(message, `Could not ${command} the search: ${reasonOf(error)}`, "error");
    } finally {
      button.disabled = false;
      renderControls();
    }
  }

  // ---- Live connection ----
  const live = new LiveConnection(socketUrl(id), {
    onOpen: () => {
      model.connectionOpened();
      root.dataset.connections = String(live.opened);
    },
    onStatus: (status, retry) => showLive(status, retry),
    onMessage: (text) => {
      let change: Change;
      try {
        change = model.apply(parseMessage(text));
      } catch (error) {
        say(message, `The live stream sent something unreadable: ${reasonOf(error)}`, "error");
        return;
      }
      root.dataset.seq = String(model.lastSeq);
      react(change);
    },
  });
  window.rewardsmithLive = live;

  function showLive(status: LiveStatus, retry?: number): void {
    root.dataset.live = status;
    liveStatus.dataset.status = status;
    liveStatus.textContent =
      status === "open"
        ? "Live"
        : status === "connecting"
          ? "Connecting\u2026"
          : status === "reconnecting"
            ? retry !== undefined
              ? `Connection lost, reconnecting in ${Math.ceil(retry / 1000)} s\u2026`
              : "Reconnecting\u2026"
            : model.view !== null && FINISHED_STATES.has(model.view.state)
              ? "Finished"
              : "Not live";
  }

  function react(change: Change): void {
    const view = model.view;
    switch (change.kind) {
      case "none":
        return;
      case "error":
        loading.textContent = change.reason;
        say(message, `The search could not be shown: ${change.reason}`, "error");
        live.stop();
        return;
      case "all":
        loading.hidden = true;
        root.querySelector<HTMLElement>("#search-body")!.hidden = false;
        renderAll();
        refreshFeedbackSoon();
        void catchUp(true);
        break;
      case "state":
        renderHeader();
        renderEvaluationPanel();
        refreshFeedbackSoon();
        break;
      case "evaluation":
        renderEvaluationPanel();
        renderBestChart();
        break;
      case "best":
        renderFacts();
        break;
      case "candidate":
        renderIterations();
        renderFacts();
        renderBestChart();
        if (change.newIteration) renderCurves();
        else updateCurves();
        break;
      case "metrics":
        updateRowProgress(change.id);
        updateCurves();
        break;
      case "feedback":
        refreshFeedbackSoon();
        break;
      case "iteration":
        renderIterations();
        break;
    }
    if (view !== null && FINISHED_STATES.has(view.state)) {
      // Nothing more will happen; keep what is shown and let the server's socket go.
      live.stop();
    }
  }

  // ---- The team's votes: the link's count of pairs left for me, the preferences panel ----
  let feedbackTimer: ReturnType<typeof setTimeout> | null = null;
  function refreshFeedbackSoon(): void {
    if (feedbackTimer !== null) return;
    feedbackTimer = setTimeout(() => {
      feedbackTimer = null;
      void refreshFeedback();
    }, 200);
  }

  async function refreshFeedback(): Promise<void> {
    try {
      const prefs = await getPreferences(id);
      preferencesBody.replaceChildren(...renderPreferences(prefs, (c) => candidateLabel(c)));
      renderAwaiting(prefs);
      if (canVote(root.dataset.role)) {
        const counts = await getVoteCounts(id);
        voteLink.textContent = `Vote on rollouts · ${pairsLeftText(counts.left).replace(" for you", "")}`;
        voteLink.dataset.left = String(counts.left);
      }
    } catch (error) {
      say(message, `The team’s votes could not be loaded: ${reasonOf(error)}`, "error");
    }
  }

  /** While the search waits for votes: how many the iteration has, how many it still needs, where to vote. */
  function renderAwaiting(prefs: readonly Preference[]): void {
    const view = model.view;
    const iteration = model.currentIteration();
    const waiting = view !== null && view.state === "awaiting-votes" && iteration !== null;
    awaitingBox.hidden = !waiting;
    root.dataset.awaiting = String(waiting);
    if (!waiting) return;
    const threshold = view.preference?.votes ?? 1;
    const votes = votesOnIteration(prefs, iteration.restart, iteration.index);
    awaitingBox.dataset.votes = String(votes);
    awaitingBox.dataset.needed = String(Math.max(0, threshold - votes));
    awaitingBox.dataset.iteration = String(iteration.index);
    awaitingStatus.textContent = awaitingText(votes, threshold, iteration.index);
    const timeout = view.preference?.timeoutSeconds;
    awaitingBox.querySelector("#search-awaiting-help")!.textContent =
      `Its candidates are trained. The team’s votes on their paired rollouts choose the parent of the next iteration` +
      `${view.selection === "mixed" ? " (together with F)" : ""}, and notes on the chosen candidate go into its reflection` +
      `${timeout === undefined ? "." : `; after ${durationText(timeout)} the search goes on with the votes it has.`}`;
  }

  function candidateLabel(candidate: string): string {
    const c = model.findCandidate(candidate);
    return c === null ? shortId(candidate) : `#${c.index + 1} ${c.origin} (iteration ${c.iteration + 1})`;
  }

  // ---- Catch-up: curves of trainings that ran while this page was not listening ----
  let catchUpGeneration = 0;
  async function catchUp(currentToo: boolean): Promise<void> {
    const generation = ++catchUpGeneration;
    const view = model.view;
    if (view === null) return;
    const current = model.currentIteration();
    const wanted: CandidateSummary[] = [];
    for (const iteration of view.iterations) {
      for (const c of iteration.candidates) {
        if (!TRAINED_STATES.has(c.state)) continue;
        const isCurrent = iteration === current;
        if ((isCurrent && currentToo) || model.curves.get(c.id) === undefined) wanted.push(c);
      }
    }
    // Newest first, so the charts of the iteration under way fill in first.
    wanted.reverse();
    const worker = async (): Promise<void> => {
      for (let c = wanted.shift(); c !== undefined; c = wanted.shift()) {
        try {
          const full = await getCandidate(c.id);
          if (generation !== catchUpGeneration) return;
          model.addMetrics(full.id, full.attempt, full.metrics);
          updateRowProgress(full.id);
        } catch {
          // A candidate that cannot be read keeps its live curves; the table still shows its state.
        }
      }
      updateCurves();
    };
    await Promise.all([worker(), worker(), worker()]);
    root.dataset.caughtUp = "true";
  }

  // ---- Rendering ----
  function renderAll(): void {
    renderHeader();
    renderEvaluationPanel();
    renderIterations();
    renderBestChart();
    renderCurves();
  }

  function renderEvaluationPanel(): void {
    const view = model.view;
    if (view === null) return;
    const status = evaluationStatus(view);
    evaluationBox.dataset.status = status;
    const seeds = view.budget.evalSeeds;
    evaluationHeading.textContent =
      status === "done"
        ? `Final evaluation \u00b7 ${view.evaluation!.best.values.length} ${view.evaluation!.best.values.length === 1 ? "seed" : "seeds"}`
        : status === "skipped"
          ? "Final evaluation"
          : `Final evaluation \u00b7 ${seeds} ${seeds === 1 ? "seed" : "seeds"}`;
    evaluationBody.replaceChildren(...renderEvaluation(view));
  }

  function renderHeader(): void {
    const view = model.view;
    if (view === null) return;
    root.dataset.searchState = view.state;
    title.textContent = `${view.task} search`;
    document.title = `${view.task} search ${shortId(view.id)} \u00b7 Rewardsmith`;
    stateSlot.replaceChildren(stateBadge(view.state));
    reason.hidden = !view.reason;
    reason.textContent = view.reason ?? "";
    renderControls();
    renderFacts();
    showLive((root.dataset.live as LiveStatus) ?? "connecting");
  }

  function renderControls(): void {
    const view = model.view;
    if (!operator || view === null) return;
    const finished = FINISHED_STATES.has(view.state);
    buttons.pause.hidden = finished || view.state === "paused";
    buttons.resume.hidden = view.state !== "paused";
    buttons.cancel.hidden = finished;
  }

  function fact(label: string, value: Node | string, factId?: string): HTMLElement[] {
    return [h("div", {}, h("dt", {}, label), h("dd", { id: factId }, value))];
  }

  function renderFacts(): void {
    const view = model.view;
    if (view === null) return;
    const p = view.progress;
    const progress =
      p === null
        ? "starting"
        : `iteration ${p.iteration + 1} of ${p.iterations} \u00b7 ${p.candidatesDone} of ${p.candidates} done`;
    const best = view.best
      ? h(
          "span",
          {},
          h(
            "a",
            { href: `/candidates/${encodeURIComponent(view.best.candidate)}`, class: "mono" },
            formatFitness(view.best.fitness),
          ),
        )
      : "none yet";
    const human = humanBaseline(view);
    const ppo = view.budget.ppo;
    facts.replaceChildren(
      ...fact("Progress", progress, "search-progress"),
      ...fact("Best F", best, "search-best"),
      ...fact(
        "Human reward F",
        view.evaluation
          ? h(
              "span",
              { title: "Mean over the final evaluation\u2019s seeds" },
              `${formatFitness(view.evaluation.human.mean)} (evaluation)`,
            )
          : human === null
            ? "after the evaluation"
            : formatFitness(human),
        "search-human",
      ),
      ...(view.evaluation
        ? fact("HNS", view.evaluation.hns === null ? "undefined" : formatFitness(view.evaluation.hns), "search-hns")
        : []),
      ...fact("Proposer", view.proposer),
      ...fact("Selection", selectionText(view.selection ?? "fitness", view.preference), "search-selection"),
      ...fact(
        "Budget",
        `K ${view.budget.samples} \u00d7 N ${view.budget.iterations} \u00b7 ${formatInteger(Number(ppo.totalTimesteps))} steps per training`,
      ),
      ...fact("Seed", String(view.budget.seed)),
      ...(view.budget.restarts > 1 ? fact("Restarts", String(view.budget.restarts), "search-restarts") : []),
      ...(view.budget.finetuneFrom
        ? fact(
            "Fine-tuned from",
            h(
              "a",
              { href: `/candidates/${encodeURIComponent(view.budget.finetuneFrom)}`, class: "mono" },
              shortId(view.budget.finetuneFrom),
            ),
            "search-finetune",
          )
        : []),
      ...fact("Tokens / cost", formatUsage(view.usage)),
      ...fact(
        "Started",
        h(
          "span",
          {},
          `${view.createdBy}, `,
          h("time", { datetime: view.createdAt, title: formatTime(view.createdAt) }, formatAge(view.createdAt)),
        ),
      ),
      ...(view.forkedFrom
        ? fact(
            "Forked from",
            h(
              "a",
              { href: `/searches/${encodeURIComponent(view.forkedFrom)}`, class: "mono" },
              shortId(view.forkedFrom),
            ),
          )
        : []),
    );
  }

  function renderBestChart(): void {
    const view = model.view;
    if (view === null) return;
    const { columns, lines, human, sparse } = bestPerIteration(view);
    // A single iteration has no line to draw between points: show every series as points then.
    const single = columns[0].length === 1;
    const series: SeriesSpec[] = lines.map((line) => ({ ...lineSeries(line), ...(single ? { points: true } : {}) }));
    bestChart.update(series, columns);
    const from = lines.find((l): l is Extract<BestLine, { kind: "human" }> => l.kind === "human")?.from;
    const notes: string[] = [];
    if (view.budget.restarts > 1)
      notes.push(`One best-so-far line per restart; each restart runs the whole loop with its own seed.`);
    if (human === null) notes.push("No human baseline yet: it comes from the final evaluation when the search ends.");
    else if (from === "evaluation")
      notes.push("Human and sparse rewards: their mean F over the final evaluation\u2019s seeds.");
    else
      notes.push(
        "Human reward: the fitness of the task\u2019s hand-written reward trained with this search\u2019s budget.",
      );
    if (sparse === null)
      notes.push(
        evaluationStatus(view) === "skipped" || evaluationStatus(view) === "missing"
          ? "No sparse baseline: this search has no final evaluation."
          : "The sparse baseline appears when the final evaluation is done.",
      );
    bestNote.textContent = notes.join(" ");
  }

  function lineSeries(line: BestLine): SeriesSpec {
    switch (line.kind) {
      case "iteration-best":
        return { label: "Iteration best", color: 0, points: true, width: 1 };
      case "best-so-far":
        return line.restart === null
          ? { label: "Best so far", color: 1, width: 2.5 }
          : { label: `Restart ${line.restart + 1}`, color: line.restart + 1, width: 2 };
      case "human":
        return { label: "Human reward", color: "--chart-human", dash: true };
      case "sparse":
        return { label: "Sparse reward", color: "--chart-sparse", dash: true };
    }
  }

  function currentCandidates(): CandidateSummary[] {
    return model.currentIteration()?.candidates.filter((c) => c.state !== "rejected") ?? [];
  }

  /** Rebuilds the curve charts for the iteration under way (its candidates and their components). */
  function renderCurves(): void {
    const iteration = model.currentIteration();
    curvesTitle.textContent =
      iteration === null ? "Training curves" : `Training curves \u00b7 iteration ${iteration.index + 1}`;
    for (const chart of curveCharts.values()) chart.destroy();
    curveCharts.clear();
    curvesGrid.replaceChildren();
    const candidates = currentCandidates();
    if (candidates.length === 0) {
      curvesNote.textContent =
        iteration === null
          ? "Curves appear when the first candidate trains."
          : "No candidate of this iteration trains (all rejected so far).";
      return;
    }
    curvesNote.textContent = "Mean per epoch of the candidates of the iteration under way, against environment steps.";
    updateCurves();
  }

  /** Sets the curve charts' data from the store: one setData per chart per update. */
  function updateCurves(): void {
    const candidates = currentCandidates();
    if (candidates.length === 0) return;
    const metrics = ["fitness", ...componentNames(candidates, model.curves)];
    const curves = candidates.map((c) => model.curves.get(c.id));
    const series: SeriesSpec[] = candidates.map((c) => ({ label: `#${c.index + 1} ${c.origin}`, color: c.index }));
    for (const metric of metrics) {
      let chart = curveCharts.get(metric);
      if (chart === undefined) {
        chart = new LineChart(
          { title: CURVE_METRICS_LABEL[metric] ?? metric, xLabel: "Steps", height: 180 },
          { "data-metric": metric },
        );
        curveCharts.set(metric, chart);
        curvesGrid.append(chart.element);
      }
      chart.update(series, alignByStep(curves, metric));
    }
  }

  function renderIterations(): void {
    const view = model.view;
    if (view === null) return;
    if (view.iterations.length === 0) {
      iterationsBox.replaceChildren(
        h(
          "section",
          { class: "card" },
          h("p", { class: "empty" }, "No candidates yet: the proposer is writing the first programs."),
        ),
      );
      return;
    }
    const multiRestart = view.budget.restarts > 1 || view.iterations.some((i) => i.restart > 0);
    if (!multiRestart) {
      iterationsBox.replaceChildren(...[...view.iterations].reverse().map((it) => iterationSection(it, false)));
      return;
    }
    // Newest restart first, each with its iterations newest first.
    const restarts = [...new Set(view.iterations.map((i) => i.restart))].sort((x, y) => y - x);
    iterationsBox.replaceChildren(
      ...restarts.map((r) => {
        const its = view.iterations.filter((i) => i.restart === r).reverse();
        const best = Math.max(
          ...its.flatMap((i) =>
            i.candidates.map((c) => (c.state === "done" && c.fitness !== null ? c.fitness : -Infinity)),
          ),
        );
        return h(
          "section",
          { class: "restart", "data-restart": r, "aria-labelledby": `restart-${r}` },
          h(
            "h2",
            { id: `restart-${r}`, class: "restart-heading" },
            `Restart ${r + 1}`,
            h(
              "span",
              { class: "muted restart-meta" },
              ` of ${view.budget.restarts} \u00b7 best F ${Number.isFinite(best) ? formatFitness(best) : "none yet"}`,
            ),
          ),
          ...its.map((it) => iterationSection(it, true)),
        );
      }),
    );
  }

  /** "from 1a2b3c4d, chosen by team votes": the parent every candidate of the iteration was proposed from. */
  function parentNote(iteration: IterationView): HTMLElement | null {
    const parent = iteration.candidates.find((c) => c.parent)?.parent;
    if (!parent) return null;
    const selection = model.view?.selection ?? "fitness";
    const by = chosenLabel(selection, false);
    return h(
      "span",
      { class: "iteration-parent muted", "data-parent": parent, "data-chosen-by": by.by },
      " · from ",
      h("a", { href: `/candidates/${encodeURIComponent(parent)}`, class: "mono" }, shortId(parent)),
      selection === "fitness" ? ", the previous best" : `, ${by.text}`,
    );
  }

  function iterationSection(iteration: IterationView, multiRestart: boolean): HTMLElement {
    const name = `${multiRestart ? `Restart ${iteration.restart + 1}, ` : ""}Iteration ${iteration.index + 1}`;
    const headingId = `iteration-${iteration.restart}-${iteration.index}`;
    const fromParent = parentNote(iteration);
    return h(
      "section",
      {
        class: "card iteration",
        "aria-labelledby": headingId,
        "data-iteration": iteration.index,
        "data-restart": iteration.restart,
      },
      multiRestart
        ? h(
            "h3",
            { id: headingId },
            h("span", { class: "visually-hidden" }, `Restart ${iteration.restart + 1}, `),
            `Iteration ${iteration.index + 1}`,
            fromParent,
          )
        : h("h2", { id: headingId }, name, fromParent),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "data candidate-table" },
          h("caption", { class: "visually-hidden" }, `Candidates of ${name}`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col", class: "num" }, "#"),
              h("th", { scope: "col" }, "Candidate"),
              h("th", { scope: "col" }, "State"),
              h("th", { scope: "col", class: "num" }, "F"),
              h("th", { scope: "col" }, "Components (last mean)"),
              h("th", { scope: "col" }, "Problem"),
              operator
                ? h("th", { scope: "col", class: "row-actions" }, h("span", { class: "visually-hidden" }, "Actions"))
                : null,
            ),
          ),
          h("tbody", {}, ...iteration.candidates.map((c) => candidateRow(c, iteration.selected === c.id))),
        ),
      ),
    );
  }

  function candidateRow(c: CandidateSummary, selected: boolean): HTMLTableRowElement {
    const curves = model.curves.get(c.id);
    const best = model.view?.best?.candidate === c.id;
    const fork =
      operator && c.state === "done"
        ? h("button", { type: "button", class: "small candidate-fork", "data-candidate": c.id }, "Fork")
        : null;
    fork?.addEventListener("click", () => void forkFrom(c.id, fork));
    const problem = c.problem ?? c.failure;
    return h(
      "tr",
      { "data-candidate-id": c.id, "data-state": c.state, class: selected ? "selected" : null },
      h("td", { class: "num mono" }, String(c.index + 1)),
      h(
        "th",
        { scope: "row", class: "candidate-cell" },
        h(
          "a",
          { href: `/candidates/${encodeURIComponent(c.id)}` },
          h("span", { class: "mono" }, shortId(c.id)),
          " ",
          h("span", { class: "badge" }, c.origin),
        ),
        selected ? chosenMark(best) : null,
        c.summary ? h("span", { class: "summary muted" }, c.summary) : null,
      ),
      h(
        "td",
        { class: "state-cell" },
        stateBadge(c.state),
        c.state === "training" ? progressBar(curves?.lastStep() ?? 0) : null,
      ),
      h("td", { class: "num mono fitness-cell" }, formatFitness(c.fitness)),
      h("td", { class: "components-cell small-text" }, componentsText(c)),
      h("td", { class: "problem-cell small-text", title: problem ?? "" }, problem ? truncate(problem, 90) : ""),
      operator ? h("td", { class: "row-actions" }, fork) : null,
    );
  }

  function chosenMark(best: boolean): HTMLElement {
    const label = chosenLabel(model.view?.selection ?? "fitness", best);
    return h(
      "span",
      {
        class: `badge selected-mark ${label.by === "fitness" ? "state-done" : "state-awaiting-votes"}`,
        title: label.title,
        "data-chosen-by": label.by,
      },
      label.text,
    );
  }

  function componentsText(c: CandidateSummary): string {
    const curves = model.curves.get(c.id);
    const names = c.components?.length ? c.components : [...(curves?.components.keys() ?? [])];
    if (names.length === 0) return "";
    if (curves === undefined || curves.length === 0) return names.join(", ");
    return componentMeans(names, (n) => curves.last(n));
  }

  function progressBar(step: number): HTMLElement {
    const total = Number(model.view?.budget.ppo.totalTimesteps ?? 0);
    const value = total > 0 ? Math.min(1, step / total) : 0;
    return h("progress", {
      class: "training",
      max: 100,
      value: Math.round(value * 100),
      "aria-label": `Training ${Math.round(value * 100)}% done`,
    });
  }

  function updateRowProgress(candidateId: string): void {
    const tr = iterationsBox.querySelector<HTMLTableRowElement>(`tr[data-candidate-id="${CSS.escape(candidateId)}"]`);
    const c = model.findCandidate(candidateId);
    if (tr === null || c === null) return;
    const bar = tr.querySelector<HTMLProgressElement>("progress.training");
    const curves = model.curves.get(candidateId);
    if (bar !== null && curves !== undefined) {
      const total = Number(model.view?.budget.ppo.totalTimesteps ?? 0);
      const pct = total > 0 ? Math.round(Math.min(1, curves.lastStep() / total) * 100) : 0;
      bar.value = pct;
      bar.setAttribute("aria-label", `Training ${pct}% done`);
    }
    tr.querySelector(".components-cell")!.textContent = componentsText(c);
  }

  async function forkFrom(candidate: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const view = await forkSearch(id, candidate);
      location.assign(`/searches/${encodeURIComponent(view.id)}`);
    } catch (error) {
      button.disabled = false;
      say(message, `Could not fork from ${shortId(candidate)}: ${reasonOf(error)}`, "error");
    }
  }

  showLive("connecting");
  live.start();
}

function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}\u2026`;
}
