// Maps the server page's `data-page` to the module that brings it to life; the server renders the shell.
import { setupCandidate } from "./pages/candidate";
import { setupSearch } from "./pages/search";
import { setupSearchNew } from "./pages/searchNew";
import { setupSearches } from "./pages/searches";
import { setupTasks } from "./pages/tasks";
import { setupTokens } from "./pages/tokens";
import { setupVote } from "./pages/vote";

export type PageSetup = (element: HTMLElement) => void;

export const pages: Readonly<Record<string, PageSetup>> = {
  searches: setupSearches,
  "search-new": setupSearchNew,
  search: setupSearch,
  candidate: setupCandidate,
  tasks: setupTasks,
  tokens: setupTokens,
  vote: setupVote,
};

/** Starts the page named by `#app[data-page]` in `doc`; returns its name, or null when there is nothing to do. */
export function mount(doc: Document): string | null {
  const app = doc.getElementById("app");
  const page = app?.dataset.page;
  if (!app || !page || !Object.hasOwn(pages, page)) return null;
  pages[page](app);
  return page;
}
