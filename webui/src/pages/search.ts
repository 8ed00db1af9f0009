// The search page, live over /ws/searches/{id}: header with state and controls (by role), the best fitness per
// iteration against the human baseline, live training curves of F and every component for the iteration under
// way, and one table of candidates per iteration. Each (re)connection starts from the whole search; metric
// curves missed while away are read back over REST and merged by epoch, so nothing is missing or doubled.
// The parts are the components in ./search/; this module wires them to the live stream.
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
// (`data-parent`). Eureka-HF: `#search-reflection` while the search waits for a team member's reflection (see
// ./search/reflection.ts).
import { forkSearch } from "../api";
import { h } from "../dom";
import { canOperate, messageBox, reasonOf, say, shortId } from "../format";
import { LiveConnection, socketUrl } from "../live";
import { SearchModel, parseMessage } from "../searchModel";
import type { Change } from "../searchModel";
import { isFinishedSearch } from "../vocabulary";
import { setupBestChart } from "./search/bestChart";
import { setupCatchUp } from "./search/catchUp";
import { setupCurves } from "./search/curves";
import { setupEvaluationPanel } from "./search/evaluation";
import { renderFacts } from "./search/facts";
import { setupFeedback } from "./search/feedback";
import { setupHeader } from "./search/header";
import { setupIterations } from "./search/iterations";
import { setupReflection } from "./search/reflection";

declare global {
  interface Window {
    rewardsmithLive?: LiveConnection;
  }
}

export function setupSearch(root: HTMLElement): void {
  const id = root.dataset.id ?? "";
  const model = new SearchModel();
  const message = messageBox("search-message");

  const header = setupHeader({ root, id, message, view: () => model.view, onCommandDone: () => renderHeader() });
  const feedback = setupFeedback({ root, id, model, message, voteLink: header.voteLink });
  const reflection = setupReflection({ root, id, view: () => model.view });
  const facts = h("dl", { id: "search-facts", class: "facts-strip" });
  const evaluation = setupEvaluationPanel();
  const bestChart = setupBestChart();
  const curves = setupCurves(model);
  const iterations = setupIterations({
    model,
    operator: canOperate(root.dataset.role),
    onFork: (c, b) => void forkFrom(c, b),
  });
  const catchUp = setupCatchUp({ root, model, onCandidate: iterations.updateRow, onCurves: curves.update });
  const loading = h("p", { id: "search-loading", class: "empty" }, "Connecting to the search\u2026");
  const body = h(
    "div",
    { id: "search-body", hidden: true },
    h("section", { class: "card", "aria-label": "Summary" }, facts),
    evaluation.element,
    feedback.preferencesBox,
    bestChart.element,
    curves.element,
    iterations.element,
  );

  root.replaceChildren(header.element, message, feedback.awaitingBox, reflection.element, loading, body);

  // ---- Live connection ----
  const live = new LiveConnection(socketUrl(id), {
    onOpen: () => {
      model.connectionOpened();
      root.dataset.connections = String(live.opened);
    },
    onStatus: (status, retry) => header.showLive(status, retry),
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
        body.hidden = false;
        renderAll();
        feedback.refreshSoon();
        reflection.refreshSoon();
        void catchUp(true);
        break;
      case "state":
        renderHeader();
        renderEvaluation();
        feedback.refreshSoon();
        reflection.refreshSoon();
        break;
      case "evaluation":
        renderEvaluation();
        renderBestChart();
        break;
      case "best":
        renderSummary();
        break;
      case "candidate":
        iterations.render();
        renderSummary();
        renderBestChart();
        if (change.newIteration) curves.render();
        else curves.update();
        break;
      case "metrics":
        iterations.updateRow(change.id);
        curves.update();
        break;
      case "feedback":
        feedback.refreshSoon();
        break;
      case "reflection":
        reflection.refreshSoon();
        break;
      case "iteration":
        iterations.render();
        break;
    }
    if (view !== null && isFinishedSearch(view.state)) {
      // Nothing more will happen; keep what is shown and let the server's socket go.
      live.stop();
    }
  }

  // ---- Rendering ----
  function renderAll(): void {
    renderHeader();
    renderEvaluation();
    iterations.render();
    renderBestChart();
    curves.render();
  }

  function renderHeader(): void {
    header.render();
    renderSummary();
  }

  function renderSummary(): void {
    if (model.view !== null) renderFacts(facts, model.view);
  }

  function renderEvaluation(): void {
    if (model.view !== null) evaluation.render(model.view);
  }

  function renderBestChart(): void {
    if (model.view !== null) bestChart.render(model.view);
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

  header.showLive("connecting");
  live.start();
}
