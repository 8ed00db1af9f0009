// The candidate page: the program highlighted with line numbers, a side-by-side diff against its parent, the
// reflection, the rejection with its problems linked to their lines, curves per epoch (F, return, episode length,
// each component), the checkpoints' F, the LLM exchange when there is one, and actions (fork, download).
// Ids: `#candidate-title`, `#candidate-state`, `#candidate-program` (lines `#L<n>`), `#candidate-diff`
// (`table.diff`), `#candidate-reflection`, `#candidate-problems`, `#candidate-curves`, `#candidate-checkpoints`,
// `#candidate-fork`, `#candidate-download`, `#candidate-exchange` (exchangeView.ts; only when a model proposed it),
// `#candidate-device` (where it trained; `#candidate-device-reason` when the CPU stood in for the GPU),
// `#candidate-selection` (its F on each selection seed and their mean, when the search re-scored it);
// `#app[data-loaded="true"]` once rendered. The team's side: `#candidate-preferences` (its iteration's
// Bradley-Terry table, its row `tr.selected`), `#candidate-rollouts` (a player per rollout seed, `#rollout-seed`),
// `#candidate-notes` (`#notes-list li`, for voters `#note-form` with `#note-text`).
import {
  MAX_COMMENT,
  addNote,
  forkSearch,
  getCandidate,
  getCandidateExchange,
  getPreferences,
  getRollout,
  getSearch,
  listNotes,
  listRollouts,
  programDownloadPath,
} from "../api";
import type { CandidateView, MetricPoint, Note, Problem, RolloutSummary } from "../api";
import { LineChart } from "../chart";
import { Curves } from "../chartData";
import { renderDiff } from "../diffView";
import { renderExchange } from "../exchangeView";
import { card, h } from "../dom";
import {
  canOperate,
  formatAge,
  formatFitness,
  formatInteger,
  messageBox,
  reasonOf,
  say,
  shortId,
  stateBadge,
} from "../format";
import { highlightJavaLines } from "../highlight";
import { PlayerGroup, RolloutPlayer } from "../player";
import { counterText } from "../playerModel";
import { renderPreferences } from "../preferencesView";
import { canVote } from "./vote";

/** The program as an ordered list of lines, each with an anchor `L<n>`, marking the lines that have problems. */
export function renderProgram(source: string, problems: readonly Problem[] = []): HTMLElement {
  const bad = new Map<number, string[]>();
  for (const p of problems) bad.set(p.line, [...(bad.get(p.line) ?? []), p.message]);
  const lines = highlightJavaLines(source);
  const list = h("ol", { class: "code-lines" });
  lines.forEach((html, i) => {
    const n = i + 1;
    const code = h("code", { class: "hljs language-java" });
    code.innerHTML = html === "" ? " " : html;
    list.append(
      h(
        "li",
        { id: `L${n}`, class: bad.has(n) ? "has-problem" : null, title: bad.get(n)?.join("\n") ?? null },
        h("a", { class: "line-number", href: `#L${n}`, "aria-label": `Line ${n}`, tabindex: -1 }, String(n)),
        code,
      ),
    );
  });
  return h("div", { class: "code program", tabindex: 0, role: "region", "aria-label": "Program source" }, list);
}

export function setupCandidate(root: HTMLElement): void {
  const id = root.dataset.id ?? "";
  const operator = canOperate(root.dataset.role);
  const message = messageBox("candidate-message");
  const loading = h("p", { class: "empty", id: "candidate-loading" }, "Loading the candidate\u2026");
  root.replaceChildren(message, loading);
  void load();

  async function load(): Promise<void> {
    let c: CandidateView;
    try {
      c = await getCandidate(id);
    } catch (error) {
      loading.textContent = "This candidate could not be loaded.";
      say(message, reasonOf(error), "error");
      return;
    }
    render(c);
    root.dataset.loaded = "true";
    void loadTeamSide(c);
    // The search's best is worth saying on the page; it needs the search, which may be slower.
    void getSearch(c.search).then(
      (s) => {
        if (s.best?.candidate === c.id) root.querySelector("#candidate-best-mark")?.removeAttribute("hidden");
      },
      () => undefined,
    );
    // The model exchange, when a model proposed the candidate (404, hence null, when not).
    void getCandidateExchange(c.id).then(
      (exchange) => {
        if (exchange === null) return;
        const panel = renderExchange(exchange);
        const answer = root.querySelector("#candidate-answer");
        if (answer) answer.before(panel);
        else root.append(panel);
      },
      (error: unknown) => say(message, `The LLM exchange could not be loaded: ${reasonOf(error)}`, "error"),
    );
  }

  function render(c: CandidateView): void {
    document.title = `Candidate ${shortId(c.id)} \u00b7 Rewardsmith`;
    const source = c.program ?? c.response ?? "";
    const fork =
      operator && c.program !== null
        ? h("button", { id: "candidate-fork", type: "button", class: "primary" }, "Fork from here")
        : null;
    fork?.addEventListener("click", () => void forkHere(c, fork));
    const head = h(
      "div",
      { class: "page-head with-actions" },
      h(
        "div",
        {},
        h(
          "nav",
          { class: "crumbs", "aria-label": "Breadcrumb" },
          h("a", { href: "/" }, "Searches"),
          " / ",
          h(
            "a",
            { href: `/searches/${encodeURIComponent(c.search)}`, id: "candidate-search-link" },
            `${c.task ?? "search"} ${shortId(c.search)}`,
          ),
          ` / iteration ${c.iteration + 1}`,
        ),
        h(
          "div",
          { class: "title-row" },
          h("h1", { id: "candidate-title" }, `Candidate #${c.index + 1}`),
          h("span", { id: "candidate-state" }, stateBadge(c.state)),
          h("span", { class: "badge" }, c.origin),
          h("span", { id: "candidate-best-mark", class: "badge state-done", hidden: true }, "best of the search"),
        ),
        c.summary ? h("p", { class: "lead" }, c.summary) : null,
      ),
      h(
        "div",
        { class: "actions" },
        fork,
        c.program !== null || c.response !== null
          ? h(
              "a",
              {
                id: "candidate-download",
                class: "button",
                href: programDownloadPath(c.id),
                download: `reward-${c.id}.java`,
              },
              "Download program",
            )
          : null,
      ),
    );
    const fact = (label: string, value: Node | string, factId?: string): HTMLElement =>
      h("div", {}, h("dt", {}, label), h("dd", { id: factId }, value));
    const facts = h(
      "dl",
      { class: "facts-strip" },
      fact("Fitness F", h("span", { class: "mono" }, formatFitness(c.fitness)), "candidate-fitness"),
      c.selectionScores.length > 0
        ? fact("Selection F", h("span", { class: "mono" }, selectionText(c)), "candidate-selection")
        : "",
      fact("Components", c.components.length ? c.components.join(", ") : "\u2014"),
      fact("Epochs", formatInteger(c.metrics.length)),
      fact(
        "Parent",
        c.parent
          ? h("a", { href: `/candidates/${encodeURIComponent(c.parent)}`, class: "mono" }, shortId(c.parent))
          : "none (a first program)",
      ),
      c.device !== null ? fact("Trained on", trainedOn(c), "candidate-device") : "",
      c.attempt > 1 ? fact("Attempt", String(c.attempt)) : "",
      c.promptTokens + c.completionTokens > 0
        ? fact("Tokens", `${formatInteger(c.promptTokens)} in, ${formatInteger(c.completionTokens)} out`)
        : "",
    );

    const sections: HTMLElement[] = [h("section", { class: "card", "aria-label": "Summary" }, facts)];
    if (c.problems.length > 0 || c.failure) sections.push(rejection(c));
    sections.push(programSection(c, source));
    sections.push(rolloutsSection, preferencesSection, notesSection);
    sections.push(curvesSection(c.metrics));
    sections.push(checkpointsSection(c.checkpoints));
    sections.push(
      h(
        "section",
        { class: "card", "aria-labelledby": "reflection-heading" },
        h("h2", { id: "reflection-heading" }, "Reflection"),
        h("p", { class: "help" }, "What the proposer is told about this candidate in the next iteration."),
        c.reflection
          ? h("pre", { id: "candidate-reflection", class: "reflection", tabindex: 0 }, c.reflection)
          : h(
              "p",
              { id: "candidate-reflection", class: "empty" },
              "No reflection: it is written when the training ends.",
            ),
      ),
    );
    if (c.response && c.response !== c.program) {
      sections.push(
        h(
          "section",
          { class: "card", id: "candidate-answer", "aria-labelledby": "exchange-heading" },
          h(
            "details",
            {},
            h("summary", {}, h("h2", { id: "exchange-heading", class: "inline" }, "Proposer\u2019s answer")),
            h("pre", { id: "candidate-response", class: "reflection", tabindex: 0 }, c.response),
          ),
        ),
      );
    }
    root.replaceChildren(head, message, ...sections);
  }

  // ---- The team's side: rollouts in a player, preferences, notes ----
  const rolloutsBody = h("div", { class: "candidate-rollouts-body" }, h("p", { class: "empty" }, "Loading…"));
  const rolloutsSection = card(
    "candidate-rollouts",
    "Rollouts",
    "Episodes of the best checkpoint on the search’s rollout seeds, with each reward component per step.",
    rolloutsBody,
  );
  const preferencesBody = h("div", {}, h("p", { class: "empty" }, "Loading…"));
  const preferencesSection = card(
    "candidate-preferences",
    "Preferences",
    "The team’s votes in this candidate’s iteration (Bradley-Terry strength, 1 is average, 95% interval).",
    preferencesBody,
  );
  const notesList = h("ul", { id: "notes-list", class: "notes" });
  const notesSection = card(
    "candidate-notes",
    "Team notes",
    "Free text on this candidate; it enters the next prompt when the candidate is selected.",
    notesList,
  );
  let player: PlayerGroup | null = null;

  async function loadTeamSide(c: CandidateView): Promise<void> {
    void listRollouts(c.id).then(showRollouts, (error: unknown) => {
      rolloutsBody.replaceChildren(h("p", { class: "error" }, `The rollouts could not be loaded: ${reasonOf(error)}`));
    });
    void getPreferences(c.search).then(
      (prefs) => {
        const mine = prefs.filter((p) => p.restart === c.restart && p.iteration === c.iteration);
        preferencesBody.replaceChildren(...renderPreferences(mine, shortId, c.id));
      },
      (error: unknown) => preferencesBody.replaceChildren(h("p", { class: "error" }, reasonOf(error))),
    );
    if (canVote(root.dataset.role)) notesSection.append(noteForm(c.id));
    await refreshNotes(c.id);
  }

  function showRollouts(rollouts: RolloutSummary[]): void {
    if (rollouts.length === 0) {
      rolloutsBody.replaceChildren(h("p", { class: "empty" }, "No rollouts: they are recorded after the training."));
      return;
    }
    const seed = h(
      "select",
      { id: "rollout-seed" },
      ...rollouts.map((r) =>
        h(
          "option",
          { value: r.id },
          `seed ${r.seed} · ${formatInteger(r.steps)} steps · F ${formatFitness(r.fitness)}`,
        ),
      ),
    );
    const stage = h("div", { class: "candidate-player" });
    seed.addEventListener("change", () => void play(seed.value));
    rolloutsBody.replaceChildren(h("label", { class: "inline-field" }, "Rollout ", seed), stage);

    async function play(rolloutId: string): Promise<void> {
      try {
        const rollout = await getRollout(rolloutId);
        if (seed.value !== rolloutId) return;
        player?.destroy();
        const one = new RolloutPlayer(rollout, { label: `Seed ${rollout.seed}`, maxHeight: 300, exportLinks: true });
        player = new PlayerGroup([one], rollout.framesPerSecond);
        stage.replaceChildren(one.element, player.element);
        one.draw();
      } catch (error) {
        stage.replaceChildren(h("p", { class: "error" }, `The rollout could not be loaded: ${reasonOf(error)}`));
      }
    }
    void play(rollouts[0].id);
  }

  async function refreshNotes(candidate: string): Promise<void> {
    let notes: Note[];
    try {
      notes = await listNotes(candidate);
    } catch (error) {
      notesList.replaceChildren(h("li", { class: "error" }, `The notes could not be loaded: ${reasonOf(error)}`));
      return;
    }
    notesList.replaceChildren(
      ...(notes.length === 0
        ? [h("li", { class: "empty" }, "No notes yet.")]
        : notes.map((n) =>
            h(
              "li",
              {},
              h("strong", {}, n.author),
              " ",
              h("time", { datetime: n.createdAt, class: "muted" }, formatAge(n.createdAt)),
              h("p", {}, n.text),
            ),
          )),
    );
  }

  function noteForm(candidate: string): HTMLFormElement {
    const text = h("textarea", { id: "note-text", rows: 3, maxlength: MAX_COMMENT, required: true });
    const count = h("span", { class: "help", id: "note-count" }, counterText(0, MAX_COMMENT));
    const submit = h("button", { type: "submit", class: "primary", id: "note-submit" }, "Add note");
    const form = h(
      "form",
      { id: "note-form", class: "note-form" },
      h("label", { for: "note-text" }, "A note for the next prompt (“the cart oscillates; penalize velocity”)"),
      text,
      h("div", { class: "actions" }, submit, count),
    );
    text.addEventListener("input", () => (count.textContent = counterText(text.value.length, MAX_COMMENT)));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void (async () => {
        submit.disabled = true;
        try {
          await addNote(candidate, text.value.trim());
          text.value = "";
          count.textContent = counterText(0, MAX_COMMENT);
          say(message, "Note added.", "success");
          await refreshNotes(candidate);
        } catch (error) {
          say(message, `The note was not added: ${reasonOf(error)}`, "error");
        } finally {
          submit.disabled = false;
        }
      })();
    });
    return form;
  }

  function rejection(c: CandidateView): HTMLElement {
    return h(
      "section",
      { class: "card notice", id: "candidate-problems", "aria-labelledby": "problems-heading" },
      h("h2", { id: "problems-heading" }, c.state === "rejected" ? "Rejected" : "Failed"),
      c.failure ? h("p", {}, c.failure) : null,
      c.problems.length > 0
        ? h(
            "ol",
            { class: "problems" },
            ...c.problems.map((p) =>
              h(
                "li",
                {},
                h("a", { href: `#L${p.line}`, class: "mono" }, `line ${p.line}, column ${p.column}`),
                ` (${p.stage}): `,
                p.message,
              ),
            ),
          )
        : null,
    );
  }

  function programSection(c: CandidateView, source: string): HTMLElement {
    const hasDiff = c.parentProgram !== null && c.program !== null;
    const programPane = h(
      "div",
      { id: "candidate-program", role: "tabpanel", "aria-labelledby": "tab-program" },
      source ? renderProgram(source, c.problems) : h("p", { class: "empty" }, "No program text."),
    );
    if (!hasDiff) {
      return h(
        "section",
        { class: "card", "aria-labelledby": "program-heading" },
        h("h2", { id: "program-heading" }, "Program"),
        h("p", { class: "help" }, "A first program: there is no parent to compare with."),
        programPane,
      );
    }
    const diffPane = h(
      "div",
      { id: "candidate-diff", role: "tabpanel", "aria-labelledby": "tab-diff", class: "diff-scroll", tabindex: 0 },
      renderDiff(c.parentProgram!, c.program!),
    );
    const tabs = [
      h(
        "button",
        { type: "button", role: "tab", id: "tab-diff", "aria-selected": "true", "aria-controls": "candidate-diff" },
        "Changes from parent",
      ),
      h(
        "button",
        {
          type: "button",
          role: "tab",
          id: "tab-program",
          "aria-selected": "false",
          "aria-controls": "candidate-program",
          tabindex: -1,
        },
        "Program",
      ),
    ];
    const panes = [diffPane, programPane];
    programPane.hidden = true;
    const choose = (i: number): void => {
      tabs.forEach((t, j) => {
        t.setAttribute("aria-selected", String(i === j));
        t.tabIndex = i === j ? 0 : -1;
        panes[j].hidden = i !== j;
      });
      tabs[i].focus();
    };
    tabs.forEach((t, i) => {
      t.addEventListener("click", () => choose(i));
      t.addEventListener("keydown", (e) => {
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          e.preventDefault();
          choose((i + 1) % 2);
        }
      });
    });
    // A problem link shows the program (its lines carry the anchors).
    window.addEventListener("hashchange", () => {
      if (/^#L\d+$/.test(location.hash)) choose(1);
    });
    return h(
      "section",
      { class: "card", "aria-labelledby": "program-heading" },
      h("h2", { id: "program-heading" }, "Program"),
      h(
        "p",
        { class: "help" },
        "Its parent is the program the previous iteration chose (by F, or by the team\u2019s votes in a preference search).",
        " ",
        h("a", { href: `/candidates/${encodeURIComponent(c.parent!)}` }, "Open the parent"),
      ),
      h("div", { class: "tabs", role: "tablist", "aria-label": "Program views" }, ...tabs),
      diffPane,
      programPane,
    );
  }

  function curvesSection(metrics: MetricPoint[]): HTMLElement {
    const section = h(
      "section",
      { class: "card", "aria-labelledby": "curves-heading" },
      h("h2", { id: "curves-heading" }, "Training curves"),
    );
    if (metrics.length === 0) {
      section.append(h("p", { class: "empty" }, "No epochs recorded: this candidate has not trained."));
      return section;
    }
    const curves = new Curves(1);
    for (const m of metrics) curves.put(m);
    const grid = h("div", { id: "candidate-curves", class: "chart-grid" });
    section.append(grid);
    const charts: [string, string][] = [
      ["fitness", "Fitness F"],
      ["episodicReturn", "Episodic return"],
      ["episodeLength", "Episode length"],
      ...[...curves.components.keys()].map((n): [string, string] => [n, n]),
    ];
    // Built after the section is in the page, so the charts can measure their width.
    requestAnimationFrame(() => {
      charts.forEach(([metric, label], i) => {
        const chart = new LineChart({ title: label, xLabel: "Steps", height: 180 }, { "data-metric": metric });
        grid.append(chart.element);
        chart.update([{ label, color: i }], curves.columns([metric]));
      });
    });
    return section;
  }

  function checkpointsSection(checkpoints: number[] | null): HTMLElement {
    const section = h(
      "section",
      { class: "card", "aria-labelledby": "checkpoints-heading" },
      h("h2", { id: "checkpoints-heading" }, "Checkpoints"),
    );
    if (!checkpoints || checkpoints.length === 0) {
      section.append(h("p", { class: "empty" }, "No checkpoints: they are evaluated during training."));
      return section;
    }
    section.append(
      h("p", { class: "help" }, "Fitness of the policy evaluated at evenly spaced points of the training."),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { id: "candidate-checkpoints", class: "data compact" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "row" }, "Checkpoint"),
              ...checkpoints.map((_, i) => h("th", { scope: "col", class: "num" }, String(i + 1))),
            ),
          ),
          h(
            "tbody",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "row" }, "F"),
              ...checkpoints.map((f) => h("td", { class: "num mono" }, formatFitness(f))),
            ),
          ),
        ),
      ),
    );
    return section;
  }

  async function forkHere(c: CandidateView, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const view = await forkSearch(c.search, c.id);
      location.assign(`/searches/${encodeURIComponent(view.id)}`);
    } catch (error) {
      button.disabled = false;
      say(message, `Could not fork: ${reasonOf(error)}`, "error");
    }
  }
}

/**
 * Where the candidate trained: the device and who trained it, and why the CPU was used when the server's setting
 * allowed the GPU (docs/gpu.md, "Choosing the device").
 */
export function trainedOn(c: Pick<CandidateView, "device" | "deviceReason" | "worker">): HTMLElement {
  const where = c.device === "gpu" ? "GPU" : c.device === "cpu" ? "CPU" : (c.device ?? "\u2014");
  return h(
    "span",
    {},
    h("span", { class: "mono" }, c.worker ? `${where} \u00b7 ${c.worker}` : where),
    c.deviceReason ? h("span", { id: "candidate-device-reason", class: "muted" }, ` (${c.deviceReason})`) : null,
  );
}

/**
 * A re-scored candidate's F on each selection seed (docs/architecture.md, Search, "Selection seeds"), the first
 * being its training's, and their mean: "mean 0.688 over 2 seeds: 0.750, 0.625"; a seed not trained (yet) is a dash.
 */
export function selectionText(c: Pick<CandidateView, "selectionScores" | "selectionScore">): string {
  const scores = (c.selectionScores as (number | null)[]).map((f) => formatFitness(f)).join(", ");
  const mean =
    c.selectionScore === null || c.selectionScore === undefined ? "pending" : formatFitness(c.selectionScore);
  return `mean ${mean} over ${c.selectionScores.length} seeds: ${scores}`;
}
