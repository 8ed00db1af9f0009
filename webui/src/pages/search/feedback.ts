// Steering by votes: `#search-awaiting` while the search waits for the team's votes (`data-votes`, `data-needed`,
// `data-iteration`, link `#search-awaiting-vote`), the team's preferences `#search-preferences`, and the count of
// pairs left on the voting page's link (`data-left`) for a voter. Read over REST when the stream says votes or
// pairs changed, at most every 200 ms.
import { getPreferences, getVoteCounts } from "../../api";
import type { Preference } from "../../api";
import { card, h } from "../../dom";
import { reasonOf, say } from "../../format";
import { renderPreferences } from "../../preferencesView";
import type { SearchModel } from "../../searchModel";
import { awaitingText, votesOnIteration } from "../../steering";
import { canVote } from "../vote";
import { awaitingHelpText, candidateLabel, voteLinkText } from "./model";

export interface FeedbackOptions {
  root: HTMLElement;
  id: string;
  model: SearchModel;
  message: HTMLElement;
  /** The header's link to the voting page. */
  voteLink: HTMLAnchorElement;
}

export interface Feedback {
  awaitingBox: HTMLElement;
  preferencesBox: HTMLElement;
  /** Reads the votes again soon (once for a burst of changes). */
  refreshSoon(): void;
}

export function setupFeedback({ root, id, model, message, voteLink }: FeedbackOptions): Feedback {
  const voter = canVote(root.dataset.role);
  const votePath = `/searches/${encodeURIComponent(id)}/vote`;
  const awaitingStatus = h("p", { id: "search-awaiting-status" });
  const awaitingHelp = h("p", { class: "help", id: "search-awaiting-help" });
  const awaitingBox = h(
    "section",
    { id: "search-awaiting", class: "card awaiting", "aria-live": "polite", hidden: true },
    h("h2", {}, "Waiting for the team’s votes"),
    awaitingStatus,
    awaitingHelp,
    h(
      "p",
      { class: "actions" },
      h(
        "a",
        { id: "search-awaiting-vote", class: "button primary", href: votePath },
        voter ? "Vote on rollouts" : "See the pairs",
      ),
    ),
  );
  const preferencesBody = h("div", { id: "search-preferences-body" });
  const preferencesBox = card(
    "search-preferences",
    "Preferences",
    [
      "The team’s votes on paired rollouts: Bradley-Terry strength per candidate within its iteration (1 is average), with a 95% interval. ",
      h("a", { href: votePath }, "Vote"),
    ],
    preferencesBody,
  );

  let timer: ReturnType<typeof setTimeout> | null = null;
  function refreshSoon(): void {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, 200);
  }

  async function refresh(): Promise<void> {
    try {
      const prefs = await getPreferences(id);
      preferencesBody.replaceChildren(...renderPreferences(prefs, (c) => candidateLabel(model.findCandidate(c), c)));
      renderAwaiting(prefs);
      if (voter) {
        const counts = await getVoteCounts(id);
        voteLink.textContent = voteLinkText(counts.left);
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
    awaitingHelp.textContent = awaitingHelpText(view.selection, view.preference?.timeoutSeconds);
  }

  return { awaitingBox, preferencesBox, refreshSoon };
}
