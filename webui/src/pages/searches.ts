// The searches list (the home page): filters by task and state (kept in the address), paging, and per search its
// progress, best fitness against the human reward's, usage, who started it and when. The list refreshes itself
// while a search on the page is still going. Contract with the Playwright test: table `#search-table` with one
// `tr[data-search-id]` per search (`data-state`), filters `#filter-task` / `#filter-state`, `#search-new`.
import { listSearches, listTasks } from "../api";
import type { Page, SearchListItem } from "../api";
import { SEARCH_STATES, isFinishedSearch } from "../vocabulary";
import { h } from "../dom";
import { setupWorkersPanel } from "./workers";
import {
  canOperate,
  formatAge,
  formatFitness,
  formatTime,
  formatUsage,
  messageBox,
  reasonOf,
  say,
  shortId,
  stateBadge,
} from "../format";

export const PAGE_SIZE = 20;
const REFRESH_MS = 5000;

export interface ListQuery {
  task: string;
  state: string;
  page: number;
}

export function readQuery(search: string): ListQuery {
  const q = new URLSearchParams(search);
  const page = Number.parseInt(q.get("page") ?? "0", 10);
  return { task: q.get("task") ?? "", state: q.get("state") ?? "", page: Number.isFinite(page) && page > 0 ? page : 0 };
}

export function writeQuery(query: ListQuery): string {
  const q = new URLSearchParams();
  if (query.task) q.set("task", query.task);
  if (query.state) q.set("state", query.state);
  if (query.page > 0) q.set("page", String(query.page));
  const s = q.toString();
  return s === "" ? location.pathname : `?${s}`;
}

/** "iteration 2 of 3 · 1 of 4 candidates" from a search's progress. */
export function describeProgress(item: SearchListItem): string {
  const p = item.progress;
  if (p === null || p === undefined) return isFinishedSearch(item.state) ? "no candidates" : "starting";
  const restart = item.restarts > 1 ? `restart ${p.restart + 1} of ${item.restarts} \u00b7 ` : "";
  return `${restart}iteration ${p.iteration + 1} of ${p.iterations} \u00b7 ${p.candidatesDone} of ${p.candidates} candidates`;
}

/**
 * The human reward's F as the list shows it: the final evaluation's mean when there is one; before it, the search's
 * own human-initialized candidate; else a dash. Everything comes with the list item, so a refresh reads nothing else.
 */
export function humanCell(item: SearchListItem): {
  text: string;
  source: "evaluation" | "search" | "none";
  title: string;
} {
  if (item.humanFitness !== null && item.humanFitness !== undefined) {
    return {
      text: formatFitness(item.humanFitness),
      source: "evaluation",
      title: "Mean over the final evaluation\u2019s seeds",
    };
  }
  if (item.humanInitFitness !== null && item.humanInitFitness !== undefined) {
    return {
      text: formatFitness(item.humanInitFitness),
      source: "search",
      title: "The search\u2019s human-initialized candidate (the evaluation has not run)",
    };
  }
  return { text: formatFitness(null), source: "none", title: "Known after the final evaluation" };
}

export function setupSearches(root: HTMLElement): void {
  const operator = canOperate(root.dataset.role);
  let query = readQuery(location.search);
  const message = messageBox("search-message");
  const taskFilter = h("select", { id: "filter-task" }, h("option", { value: "" }, "All tasks"));
  const stateFilter = h(
    "select",
    { id: "filter-state" },
    h("option", { value: "" }, "All states"),
    ...SEARCH_STATES.map((s) => h("option", { value: s }, s.replace(/-/g, " "))),
  );
  const body = h("tbody");
  const table = h(
    "table",
    { id: "search-table", class: "data" },
    h("caption", { class: "visually-hidden" }, "Searches"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Search"),
        h("th", { scope: "col" }, "Proposer"),
        h("th", { scope: "col" }, "State"),
        h("th", { scope: "col" }, "Progress"),
        h("th", { scope: "col", class: "num" }, "Best F"),
        h("th", { scope: "col", class: "num" }, "Human F"),
        h("th", { scope: "col", class: "num" }, h("abbr", { title: "Human-normalized score" }, "HNS")),
        h("th", { scope: "col", class: "num" }, "Tokens / cost"),
        h("th", { scope: "col" }, "Started by"),
        h("th", { scope: "col" }, "Age"),
      ),
    ),
    body,
  );
  const empty = h("div", { id: "search-empty", class: "empty-state", hidden: true });
  const pager = h("nav", { class: "pager", "aria-label": "Pages of searches" });
  const newButton = operator
    ? h("a", { id: "search-new", class: "button primary", href: "/searches/new" }, "New search")
    : null;

  root.replaceChildren(
    h(
      "div",
      { class: "page-head with-actions" },
      h(
        "div",
        {},
        h("h1", {}, "Searches"),
        h(
          "p",
          { class: "lead" },
          "Each search asks a proposer for reward programs, trains a policy with each and keeps the best. " +
            "Open one to follow it live.",
        ),
      ),
      newButton,
    ),
    message,
    h(
      "section",
      { class: "card" },
      h(
        "form",
        { class: "filters", role: "search", "aria-label": "Filter searches" },
        h("div", { class: "field inline" }, h("label", { for: "filter-task" }, "Task"), taskFilter),
        h("div", { class: "field inline" }, h("label", { for: "filter-state" }, "State"), stateFilter),
      ),
      h("div", { class: "table-scroll" }, table),
      empty,
      pager,
    ),
    setupWorkersPanel(),
  );

  let generation = 0;
  let refresh: ReturnType<typeof setTimeout> | null = null;

  for (const select of [taskFilter, stateFilter]) {
    select.addEventListener("change", () => {
      query = { task: taskFilter.value, state: stateFilter.value, page: 0 };
      history.replaceState(null, "", writeQuery(query));
      void load();
    });
  }
  window.addEventListener("popstate", () => {
    query = readQuery(location.search);
    void load();
  });

  void listTasks().then(
    (tasks) => {
      taskFilter.append(...tasks.map((t) => h("option", { value: t.id }, t.id)));
      taskFilter.value = query.task;
    },
    () => {
      // The filter still works by address; the list's own error says more if the server is down.
      if (query.task) taskFilter.append(h("option", { value: query.task }, query.task));
      taskFilter.value = query.task;
    },
  );
  stateFilter.value = query.state;

  async function load(): Promise<void> {
    const current = ++generation;
    if (refresh !== null) clearTimeout(refresh);
    refresh = null;
    table.setAttribute("aria-busy", "true");
    let page: Page<SearchListItem>;
    try {
      page = await listSearches({ ...query, size: PAGE_SIZE });
    } catch (error) {
      if (current !== generation) return;
      table.removeAttribute("aria-busy");
      say(message, `The searches could not be loaded: ${reasonOf(error)}`, "error");
      refresh = setTimeout(() => void load(), REFRESH_MS * 2);
      return;
    }
    if (current !== generation) return;
    say(message, null);
    table.removeAttribute("aria-busy");
    body.replaceChildren(...page.items.map(row));
    table.hidden = page.items.length === 0;
    renderEmpty(page);
    renderPager(page);
    if (page.items.some((s) => !isFinishedSearch(s.state))) {
      refresh = setTimeout(() => void load(), REFRESH_MS);
    }
  }

  function renderEmpty(page: Page<SearchListItem>): void {
    empty.hidden = page.items.length > 0;
    if (page.items.length > 0) return;
    const filtered = query.task !== "" || query.state !== "";
    empty.replaceChildren(
      h("p", { class: "empty-title" }, filtered ? "No search matches these filters." : "No searches yet."),
      h(
        "p",
        { class: "muted" },
        filtered
          ? "Choose another task or state, or clear the filters."
          : operator
            ? "Start one: pick a task and a small budget, and watch it train here."
            : "An operator starts searches; they will appear here.",
      ),
      filtered
        ? h("a", { class: "button", href: location.pathname }, "Clear filters")
        : operator
          ? h("a", { class: "button primary", href: "/searches/new" }, "Start a search")
          : "",
    );
  }

  function renderPager(page: Page<SearchListItem>): void {
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    const from = page.total === 0 ? 0 : page.page * page.size + 1;
    const to = Math.min(page.total, (page.page + 1) * page.size);
    const go = (n: number) => () => {
      query = { ...query, page: n };
      history.pushState(null, "", writeQuery(query));
      void load();
    };
    const prev = h("button", { type: "button", class: "small", disabled: page.page === 0 }, "Previous");
    const next = h("button", { type: "button", class: "small", disabled: page.page + 1 >= pages }, "Next");
    prev.addEventListener("click", go(page.page - 1));
    next.addEventListener("click", go(page.page + 1));
    pager.hidden = page.total === 0;
    pager.replaceChildren(h("span", { class: "muted" }, `${from}\u2013${to} of ${page.total}`), prev, next);
  }

  function row(item: SearchListItem): HTMLTableRowElement {
    return h(
      "tr",
      { "data-search-id": item.id, "data-state": item.state },
      h(
        "th",
        { scope: "row" },
        h(
          "a",
          { href: `/searches/${encodeURIComponent(item.id)}`, class: "search-link" },
          h("span", { class: "mono" }, item.task),
          h("span", { class: "muted mono small-id" }, shortId(item.id)),
        ),
      ),
      h("td", {}, item.proposer),
      h("td", {}, stateBadge(item.state)),
      h("td", { class: "progress-cell" }, describeProgress(item)),
      h("td", { class: "num mono best-cell" }, formatFitness(item.best?.fitness)),
      humanTd(item),
      h(
        "td",
        {
          class: "num mono hns-cell",
          title: item.hns === null || item.hns === undefined ? "Known after the final evaluation" : "",
        },
        formatFitness(item.hns),
      ),
      h("td", { class: "num" }, formatUsage(item.usage)),
      h("td", {}, item.createdBy),
      h(
        "td",
        { class: "nowrap" },
        h("time", { datetime: item.createdAt, title: formatTime(item.createdAt) }, formatAge(item.createdAt)),
      ),
    );
  }

  function humanTd(item: SearchListItem): HTMLTableCellElement {
    const cell = humanCell(item);
    const td = h("td", { class: "num mono human-cell", title: cell.title }, cell.text);
    td.dataset.source = cell.source;
    return td;
  }

  void load();
}
