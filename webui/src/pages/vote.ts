// The voting page (/searches/{id}/vote): the next pair of rollouts side by side in lockstep, playing at once;
// buttons and keys (ArrowLeft left, ArrowRight right, ArrowDown or t tie, s skip, space play/pause; none while
// typing a comment), a comment box, the pairs left for me, undo of my last vote, and what the team decided so far
// (Bradley-Terry per iteration and recent comments), live over /ws/searches/{id}. Viewers watch read-only.
// Voters never see a side's fitness here: they judge behaviour.
// Contract with the Playwright test: `#app[data-ready]`, `#vote-left-count[data-left]`, `#vote-pair[data-comparison]`
// (with `data-iteration`) holding two `figure.player` (each with `data-side` and `data-candidate`), buttons `#vote-choice-left|tie|right`, `#vote-skip`, `#vote-undo`, `#vote-comment`,
// `#vote-comment-count`, `#vote-empty`, `#vote-readonly`, `#team[data-votes]`, `#team-comments li`.
import {
  MAX_COMMENT,
  castVote,
  getPreferences,
  getRollout,
  getVoteCounts,
  listComparisons,
  nextComparison,
  withdrawVote,
} from "../api";
import type { Choice, Comparison, ComparisonSummary, SearchView, VoteComment } from "../api";
import { isFinishedSearch } from "../vocabulary";
import { h } from "../dom";
import { formatAge, formatTime, messageBox, reasonOf, say, shortId, stateBadge } from "../format";
import { LiveConnection, socketUrl } from "../live";
import { PlayerGroup, RolloutPlayer, exportLinks } from "../player";
import { counterText, isTyping, pairsLeftText, tallyText, voteAction } from "../playerModel";
import type { VoteAction } from "../playerModel";
import { renderPreferences } from "../preferencesView";
import { parseMessage } from "../searchModel";

/** Roles that may vote (docs/architecture.md: voter and above). */
export function canVote(role: string | undefined): boolean {
  return role === "voter" || role === "operator" || role === "admin";
}

/** Recent comments first, at most `n`. */
export function recentComments(comparisons: readonly ComparisonSummary[], n: number): VoteComment[] {
  return comparisons
    .flatMap((c) => c.comments)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, n);
}

/** The canvas height that keeps both players, the controls and the vote buttons on a `viewport`-px-high screen. */
export function stageHeight(viewport: number): number {
  return Math.max(140, Math.min(360, viewport - 560));
}

const CHOICE_LABEL: Readonly<Record<Choice, string>> = { left: "Left better", tie: "Tie", right: "Right better" };

interface Voted {
  pair: Comparison;
  comment: string;
}

export function setupVote(root: HTMLElement): void {
  const id = root.dataset.id ?? "";
  const voter = canVote(root.dataset.role);
  const message = messageBox("vote-message");
  const leftCount = h("span", { id: "vote-left-count", class: "badge" }, "\u2026");
  const stateSlot = h("span", { id: "vote-search-state" });
  const searchLink = h("a", { href: `/searches/${encodeURIComponent(id)}` }, `search ${shortId(id)}`);
  const pairBox = h("div", { id: "vote-pair", class: "vote-pair" });
  const controlsSlot = h("div", { class: "vote-controls-slot" });
  const pairFacts = h("p", { id: "vote-pair-facts", class: "help" });
  const buttons: Record<Choice, HTMLButtonElement> = {
    left: h(
      "button",
      { id: "vote-choice-left", type: "button", class: "primary", "aria-keyshortcuts": "ArrowLeft" },
      "\u2190 ",
      CHOICE_LABEL.left,
    ),
    tie: h(
      "button",
      { id: "vote-choice-tie", type: "button", "aria-keyshortcuts": "ArrowDown T" },
      "\u2193 ",
      CHOICE_LABEL.tie,
    ),
    right: h(
      "button",
      { id: "vote-choice-right", type: "button", class: "primary", "aria-keyshortcuts": "ArrowRight" },
      CHOICE_LABEL.right,
      " \u2192",
    ),
  };
  const skip = h("button", { id: "vote-skip", type: "button", "aria-keyshortcuts": "S" }, "Skip (s)");
  const undo = h("button", { id: "vote-undo", type: "button", disabled: true, hidden: !voter }, "Undo my last vote");
  const comment = h("textarea", {
    id: "vote-comment",
    maxlength: MAX_COMMENT,
    rows: 2,
    placeholder: "Optional: what did you see? (\u201cthe left cart oscillates\u201d)",
    "aria-describedby": "vote-comment-count",
  });
  const counter = h("span", { id: "vote-comment-count", class: "help" }, counterText(0, MAX_COMMENT));
  const readonlyNote = h(
    "p",
    { id: "vote-readonly", class: "message", "data-tone": "info", hidden: voter },
    "You are signed in as a viewer: you can watch the pairs and the team\u2019s decisions, but voting needs the voter role. Ask an admin for it.",
  );
  const empty = h("section", { id: "vote-empty", class: "card vote-empty", hidden: true });
  const stage = h(
    "section",
    { id: "vote-stage", class: "card vote-stage", "aria-label": "The pair", hidden: true },
    pairBox,
    controlsSlot,
    h(
      "div",
      { class: "vote-actions" },
      h(
        "div",
        { class: "vote-buttons", role: "group", "aria-label": "Your vote" },
        buttons.left,
        buttons.tie,
        buttons.right,
        skip,
      ),
      h(
        "div",
        { class: "vote-comment" },
        h("label", { for: "vote-comment", class: "visually-hidden" }, "Comment"),
        comment,
        counter,
      ),
      h("div", { class: "vote-side" }, pairFacts),
    ),
    h(
      "p",
      { class: "help vote-keys" },
      "Keys: \u2190 left better \u00b7 \u2192 right better \u00b7 \u2193 or t tie \u00b7 s skip \u00b7 space play/pause",
    ),
  );
  const teamVotes = h("span", { id: "team-votes", class: "help" });
  const teamPrefs = h("div", { id: "team-preferences" });
  const teamComments = h("ol", { id: "team-comments", class: "team-comments" });
  const team = h(
    "section",
    { id: "team", class: "card", "aria-labelledby": "team-heading", "data-votes": 0, "aria-live": "polite" },
    h("div", { class: "title-row" }, h("h2", { id: "team-heading" }, "What the team decided so far"), teamVotes),
    h(
      "p",
      { class: "help" },
      "Bradley-Terry strength per candidate within its iteration (1 is average), its 95% interval and its votes.",
    ),
    teamPrefs,
    h("h3", { class: "team-comments-heading" }, "Recent comments"),
    teamComments,
  );

  root.replaceChildren(
    h(
      "div",
      { class: "page-head vote-head" },
      h(
        "nav",
        { class: "crumbs", "aria-label": "Breadcrumb" },
        h("a", { href: "/" }, "Searches"),
        " / ",
        searchLink,
        " / vote",
      ),
      h(
        "div",
        { class: "title-row" },
        h("h1", { id: "vote-title" }, "Which rollout behaves better?"),
        stateSlot,
        leftCount,
        h("span", { class: "vote-undo" }, undo),
      ),
    ),
    message,
    readonlyNote,
    stage,
    empty,
    team,
  );

  let view: SearchView | null = null;
  let current: Comparison | null = null;
  let group: PlayerGroup | null = null;
  const skipped: string[] = [];
  const history: Voted[] = [];
  let busy = false;
  /** Bumped on every pair shown, so a slow rollout never replaces a newer pair. */
  let generation = 0;

  for (const [choice, button] of Object.entries(buttons) as [Choice, HTMLButtonElement][]) {
    button.addEventListener("click", () => void vote(choice));
  }
  skip.addEventListener("click", () => void skipPair());
  undo.addEventListener("click", () => void undoLast());
  comment.addEventListener("input", () => {
    counter.textContent = counterText(comment.value.length, MAX_COMMENT);
  });
  document.addEventListener("keydown", (e) => {
    const action: VoteAction | null = voteAction(
      e.key,
      isTyping(document.activeElement),
      e.ctrlKey || e.metaKey || e.altKey,
    );
    if (action === null || stage.hidden) return;
    e.preventDefault();
    if (action === "toggle") group?.toggle();
    else if (action === "skip") void skipPair();
    else void vote(action);
  });
  setVoteControls(false);

  function setVoteControls(enabled: boolean): void {
    const on = enabled && voter && !busy && current !== null;
    for (const b of [...Object.values(buttons), skip]) {
      b.disabled = !on;
      b.title = voter ? "" : "Voting needs the voter role";
    }
    comment.disabled = !voter;
    undo.disabled = !voter || busy || history.length === 0;
  }

  // ---- The pair ----
  async function loadNext(): Promise<void> {
    let pair: Comparison | null;
    try {
      pair = voter ? await nextComparison(id, skipped) : await firstListed();
    } catch (error) {
      say(message, `The next pair could not be loaded: ${reasonOf(error)}`, "error");
      return;
    }
    if (pair === null) showEmpty();
    else await showPair(pair);
  }

  async function firstListed(): Promise<Comparison | null> {
    const page = await listComparisons(id, 0, 1);
    return page.items[0] ?? null;
  }

  async function showPair(pair: Comparison): Promise<void> {
    const mine = ++generation;
    current = pair;
    setVoteControls(false);
    if (pair.left.rollout === null || pair.right.rollout === null) {
      say(message, "This pair has no recorded rollout on one side; skip it.", "error");
      return;
    }
    let left, right;
    try {
      [left, right] = await Promise.all([getRollout(pair.left.rollout), getRollout(pair.right.rollout)]);
    } catch (error) {
      say(message, `The rollouts could not be loaded: ${reasonOf(error)}`, "error");
      return;
    }
    if (mine !== generation) return;
    group?.destroy();
    const maxHeight = stageHeight(window.innerHeight);
    const players = [
      new RolloutPlayer(left, { label: "Left", maxHeight }),
      new RolloutPlayer(right, { label: "Right", maxHeight }),
    ];
    group = new PlayerGroup(players, left.framesPerSecond, { loop: true });
    players[0].element.dataset.side = "left";
    players[0].element.dataset.candidate = pair.left.candidate;
    players[1].element.dataset.side = "right";
    players[1].element.dataset.candidate = pair.right.candidate;
    pairBox.replaceChildren(...players.map((p) => p.element));
    pairBox.dataset.comparison = pair.id;
    pairBox.dataset.iteration = String(pair.iteration);
    controlsSlot.replaceChildren(group.element);
    pairFacts.replaceChildren(
      `Iteration ${pair.iteration + 1}${pair.restart > 0 ? `, restart ${pair.restart + 1}` : ""} \u00b7 seed ${pair.seed} \u00b7 `,
      exportLinks(pair.left.rollout, pair.right.rollout),
    );
    empty.hidden = true;
    stage.hidden = false;
    players.forEach((p) => p.draw());
    group.play();
    setVoteControls(true);
    root.dataset.ready = "true";
  }

  function showEmpty(): void {
    group?.destroy();
    group = null;
    current = null;
    pairBox.replaceChildren();
    delete pairBox.dataset.comparison;
    delete pairBox.dataset.iteration;
    controlsSlot.replaceChildren();
    stage.hidden = true;
    const again = h("button", { type: "button", id: "vote-unskip" }, `Show the ${skipped.length} skipped again`);
    again.addEventListener("click", () => {
      skipped.length = 0;
      void act(loadNext);
    });
    const finished = view !== null && isFinishedSearch(view.state);
    empty.replaceChildren(
      h("h2", {}, !voter ? "No pairs yet" : skipped.length > 0 ? "Only skipped pairs left" : "Nothing left to judge"),
      h(
        "p",
        { class: "help" },
        voter
          ? skipped.length > 0
            ? `You have voted on every pair of this search but the ${skipped.length === 1 ? "one" : skipped.length} you skipped.`
            : "You have voted on every pair of this search. Thank you!"
          : "Pairs appear after an iteration\u2019s candidates are trained.",
        " ",
        finished
          ? "The search has finished."
          : "New pairs appear here by themselves when the next iteration is trained.",
      ),
      h(
        "p",
        { class: "actions" },
        skipped.length > 0 && voter ? again : "",
        h("a", { href: `/searches/${encodeURIComponent(id)}` }, "Back to the search"),
      ),
    );
    empty.hidden = false;
    setVoteControls(false);
    root.dataset.ready = "true";
  }

  /**
   * Runs one user action (vote, skip, undo) and the loading of what comes next as one busy stretch: keys pressed
   * meanwhile are dropped, so a fast second key never lands on the pair just judged.
   */
  async function act(action: () => Promise<void>): Promise<void> {
    if (!voter || busy) return;
    busy = true;
    setVoteControls(false);
    try {
      await action();
    } finally {
      busy = false;
      setVoteControls(current !== null);
    }
  }

  function vote(choice: Choice): Promise<void> {
    return act(async () => {
      const pair = current;
      if (pair === null) return;
      const text = comment.value.trim();
      try {
        await castVote(id, pair.id, choice, text);
      } catch (error) {
        say(message, `Your vote was not saved: ${reasonOf(error)}`, "error");
        return;
      }
      history.push({ pair, comment: text });
      comment.value = "";
      counter.textContent = counterText(0, MAX_COMMENT);
      say(
        message,
        `Voted \u201c${CHOICE_LABEL[choice].toLowerCase()}\u201d on the pair ${shortId(pair.id)}.`,
        "success",
      );
      await Promise.all([refreshCounts(), loadNext()]);
    });
  }

  function skipPair(): Promise<void> {
    return act(async () => {
      if (current === null) return;
      skipped.push(current.id);
      say(message, "Skipped: the pair stays open for you; it is not a vote.", "info");
      await loadNext();
    });
  }

  function undoLast(): Promise<void> {
    return act(async () => {
      const last = history[history.length - 1];
      if (last === undefined) return;
      try {
        await withdrawVote(id, last.pair.id);
      } catch (error) {
        say(message, `Could not undo: ${reasonOf(error)}`, "error");
        return;
      }
      history.pop();
      say(message, `Your vote on the pair ${shortId(last.pair.id)} was withdrawn; vote on it again.`, "info");
      comment.value = last.comment;
      counter.textContent = counterText(last.comment.length, MAX_COMMENT);
      await Promise.all([refreshCounts(), showPair(last.pair)]);
    });
  }

  // ---- Counts and the team ----
  async function refreshCounts(): Promise<void> {
    if (!voter) {
      leftCount.textContent = "read-only";
      return;
    }
    try {
      const counts = await getVoteCounts(id);
      leftCount.textContent = pairsLeftText(counts.left);
      leftCount.dataset.left = String(counts.left);
      leftCount.title = `${counts.voted} of ${counts.total} pairs voted by you`;
    } catch (error) {
      say(message, `Your progress could not be loaded: ${reasonOf(error)}`, "error");
    }
  }

  let teamTimer: ReturnType<typeof setTimeout> | null = null;
  /** Reloads the team panel soon (votes come in bursts: one reload per burst). */
  function refreshTeamSoon(): void {
    if (teamTimer !== null) return;
    teamTimer = setTimeout(() => {
      teamTimer = null;
      void refreshTeam();
    }, 150);
  }

  async function refreshTeam(): Promise<void> {
    try {
      const [prefs, page] = await Promise.all([getPreferences(id), listComparisons(id, 0, 100)]);
      const votes = page.items.reduce((n, c) => n + c.tally.left + c.tally.right + c.tally.tie, 0);
      team.dataset.votes = String(votes);
      teamVotes.textContent = `${votes} live ${votes === 1 ? "vote" : "votes"} on ${page.total} ${page.total === 1 ? "pair" : "pairs"}`;
      teamPrefs.replaceChildren(...renderPreferences(prefs, candidateLabel));
      const comments = recentComments(page.items, 8);
      teamComments.replaceChildren(
        ...(comments.length === 0
          ? [h("li", { class: "empty" }, "No comments yet.")]
          : comments.map((c) =>
              h(
                "li",
                { "data-choice": c.choice },
                h("strong", {}, c.voter),
                ` (${c.choice}) `,
                h("time", { datetime: c.at, title: formatTime(c.at), class: "muted" }, formatAge(c.at)),
                h("q", {}, c.comment),
              ),
            )),
      );
      const here = current === null ? undefined : page.items.find((c) => c.id === current!.id);
      if (here !== undefined) pairFacts.dataset.tally = tallyText(here.tally);
    } catch (error) {
      say(message, `The team\u2019s votes could not be loaded: ${reasonOf(error)}`, "error");
    }
  }

  function candidateLabel(candidate: string): string {
    for (const it of view?.iterations ?? []) {
      const c = it.candidates.find((x) => x.id === candidate);
      if (c !== undefined) return `#${c.index + 1} ${c.origin}`;
    }
    return shortId(candidate);
  }

  // ---- Live ----
  const live = new LiveConnection(socketUrl(id), {
    onOpen: () => undefined,
    onStatus: (status) => (root.dataset.live = status),
    onMessage: (text) => {
      let m;
      try {
        m = parseMessage(text);
      } catch {
        return;
      }
      switch (m.type) {
        case "search":
          view = m.view;
          showState();
          refreshTeamSoon();
          break;
        case "state":
          if (view !== null) {
            view.state = m.state;
            view.reason = m.reason;
          }
          showState();
          break;
        case "votes":
          refreshTeamSoon();
          break;
        case "comparisons":
          void refreshCounts();
          refreshTeamSoon();
          if (current === null) void loadNext();
          break;
        case "error":
          say(message, m.reason, "error");
          live.stop();
          break;
        default:
          break;
      }
    },
  });

  function showState(): void {
    if (view === null) return;
    searchLink.textContent = `${view.task} ${shortId(view.id)}`;
    document.title = `Vote \u00b7 ${view.task} search ${shortId(view.id)} \u00b7 Rewardsmith`;
    stateSlot.replaceChildren(stateBadge(view.state));
    stateSlot.title = view.state === "awaiting-votes" ? (view.reason ?? "The search waits for votes") : "";
  }

  void refreshCounts();
  void loadNext();
  void refreshTeam();
  live.start();
}
