// The search page's head: breadcrumb, title, state badge, live status and the reason of the state; the controls
// (the voting page's link, and for an operator pause, resume and cancel). Sets `#app[data-search-state]` and
// `#app[data-live]`.
import { controlSearch } from "../../api";
import type { SearchCommand, SearchView } from "../../api";
import { h } from "../../dom";
import { canOperate, reasonOf, say, shortId, stateBadge } from "../../format";
import type { LiveStatus } from "../../live";
import { isFinishedSearch } from "../../vocabulary";
import { canVote } from "../vote";
import { commandDoneText, liveStatusText } from "./model";

export interface HeaderOptions {
  root: HTMLElement;
  id: string;
  message: HTMLElement;
  /** The search as last applied (null before the first message). */
  view: () => SearchView | null;
  /** After a command went through and its answer was applied to the view. */
  onCommandDone: () => void;
}

export interface Header {
  element: HTMLElement;
  /** The voting page's link (its text counts the pairs left for a voter). */
  voteLink: HTMLAnchorElement;
  render(): void;
  showLive(status: LiveStatus, retry?: number): void;
}

export function setupHeader({ root, id, message, view, onCommandDone }: HeaderOptions): Header {
  const operator = canOperate(root.dataset.role);
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
  const element = h(
    "div",
    { class: "page-head with-actions" },
    h(
      "div",
      {},
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "/" }, "Searches"), ` / ${shortId(id)}`),
      h("div", { class: "title-row" }, title, stateSlot, liveStatus),
      reason,
    ),
    controls,
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
      const answer = await controlSearch(id, command);
      // The stream says so too; applying the answer at once keeps the buttons honest if the socket is slow.
      const current = view();
      if (current !== null) {
        current.state = answer.state;
        current.reason = answer.reason;
      }
      say(message, commandDoneText(command), "success");
      onCommandDone();
    } catch (error) {
      say(message, `Could not ${command} the search: ${reasonOf(error)}`, "error");
    } finally {
      button.disabled = false;
      renderControls();
    }
  }

  function renderControls(): void {
    const current = view();
    if (!operator || current === null) return;
    const finished = isFinishedSearch(current.state);
    buttons.pause.hidden = finished || current.state === "paused";
    buttons.resume.hidden = current.state !== "paused";
    buttons.cancel.hidden = finished;
  }

  function showLive(status: LiveStatus, retry?: number): void {
    const current = view();
    root.dataset.live = status;
    liveStatus.dataset.status = status;
    liveStatus.textContent = liveStatusText(status, retry, current !== null && isFinishedSearch(current.state));
  }

  function render(): void {
    const current = view();
    if (current === null) return;
    root.dataset.searchState = current.state;
    title.textContent = `${current.task} search`;
    document.title = `${current.task} search ${shortId(current.id)} \u00b7 Rewardsmith`;
    stateSlot.replaceChildren(stateBadge(current.state));
    reason.hidden = !current.reason;
    reason.textContent = current.reason ?? "";
    renderControls();
    showLive((root.dataset.live as LiveStatus) ?? "connecting");
  }

  return { element, voteLink, render, showLive };
}
