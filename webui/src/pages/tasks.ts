// The tasks page: the list of RL tasks and, for the one named by the URL hash (else the first), its facts, PPO
// defaults, a preview of a random start state and the Java sources the LLM reads. The ids and data attributes
// used here are the contract with the server's Playwright test; change them only together with it.
import { ApiError, getHumanReward, getSparseReward, getTask, getTaskContext, getTaskPreview, listTasks } from "../api";
import type { ActionSpace, PpoDefaults, TaskDetail, TaskSummary } from "../api";
import { h } from "../dom";
import { drawFrame, parseFrame, sizeCanvas } from "../frame";
import type { Frame } from "../frame";
import { highlightJava } from "../highlight";

export const PREVIEW_WIDTH = 480;
export const PREVIEW_HEIGHT = 320;
/** Seeds are drawn from [0, MAX_SEED): small enough to read and type. */
export const MAX_SEED = 1_000_000;

/** "discrete, 3 actions" or "continuous, 2 dimensions". */
export function describeAction(action: ActionSpace): string {
  if (action.type === "discrete") return `discrete, ${action.n} ${action.n === 1 ? "action" : "actions"}`;
  const d = action.low.length;
  return `continuous, ${d} ${d === 1 ? "dimension" : "dimensions"}`;
}

/** A PPO default as shown: numbers as JavaScript prints them, arrays as "[64, 64]". */
export function formatPpoValue(value: number | boolean | number[]): string {
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value);
}

/** The task id named by a location hash such as "#cartpole", or null for none. */
export function taskIdFromHash(hash: string): string | null {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  if (raw === "") return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

const numberFormat = new Intl.NumberFormat("en");

/** Why a task cannot run on this server, as shown: the server's reason when it gave one. */
export function unavailableText(task: Pick<TaskSummary, "id" | "unavailableReason">): string {
  const reason = task.unavailableReason?.trim();
  return reason
    ? `${task.id} cannot run on this server: ${reason}`
    : `${task.id} cannot run on this server (no reason given).`;
}

/** Builds the tasks page inside `root` and loads the list. */
export function setupTasks(root: HTMLElement): void {
  // One line per failing part, so a failed preview does not hide a failed source.
  const message = h("div", {
    id: "task-message",
    class: "message",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
  });
  const errors = new Map<string, string>();
  // What failed, said before the reason when the reason alone would not say it.
  const partNames: Readonly<Record<string, string>> = {
    preview: "Preview",
    human: "Human reward",
    sparse: "Sparse reward",
    context: "Environment source",
  };

  function setError(part: string, reason: string | null): void {
    if (reason === null) errors.delete(part);
    else errors.set(part, Object.hasOwn(partNames, part) ? `${partNames[part]}: ${reason}` : reason);
    message.replaceChildren(...[...errors.values()].map((text) => h("p", {}, text)));
    if (errors.size > 0) message.dataset.tone = "error";
    else delete message.dataset.tone;
  }

  const list = h("ul", { id: "task-list", class: "task-list", "aria-label": "Tasks" });
  const listState = h("p", { id: "task-list-state", class: "empty" }, "Loading tasks\u2026");
  const retryButton = h("button", { id: "task-retry", type: "button", hidden: true }, "Try again");

  const title = h("h2", { id: "task-title", tabindex: -1 });
  const description = h("p", { id: "task-description", class: "lead" });
  // Said when the server cannot run the task (e.g. a MuJoCo robot without the library), with the server's reason.
  const unavailable = h("p", { id: "task-unavailable", class: "message", "data-tone": "warning", hidden: true });
  const facts = h("dl", { id: "task-facts", class: "facts" });
  const bounds = h("div", { id: "task-bounds" });
  const ppoBody = h("tbody");
  const ppoTable = h(
    "table",
    { id: "task-ppo", class: "data compact" },
    h("caption", { class: "visually-hidden" }, "PPO defaults"),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, "Parameter"), h("th", { scope: "col", class: "num" }, "Value")),
    ),
    ppoBody,
  );

  const canvas = h("canvas", { width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT, role: "img" });
  const previewState = h("p", { id: "task-preview-state", class: "help" });
  const newStateButton = h("button", { id: "task-preview-new", type: "button" }, "New random state");
  const preview = h(
    "figure",
    { id: "task-preview", class: "preview" },
    h("div", { class: "canvas-box" }, canvas),
    h("figcaption", { class: "actions" }, newStateButton, previewState),
  );

  function codeBlock(id: string, label: string): HTMLPreElement {
    return h(
      "pre",
      { id, class: "code", tabindex: 0, "aria-label": label },
      h("code", { class: "hljs language-java" }),
    );
  }
  const humanReward = codeBlock("task-human-reward", "Human reward program");
  const sparseReward = codeBlock("task-sparse-reward", "Sparse reward program");
  const context = codeBlock("task-context", "Environment source given to the LLM");

  const detailBody = h(
    "div",
    { id: "task-detail-body", hidden: true },
    h("div", { class: "task-head" }, title, description),
    unavailable,
    h(
      "div",
      { class: "task-overview" },
      h(
        "section",
        { class: "task-facts", "aria-labelledby": "task-facts-heading" },
        h("h3", { id: "task-facts-heading" }, "Facts"),
        facts,
        bounds,
      ),
      h(
        "section",
        { "aria-labelledby": "task-preview-heading" },
        h("h3", { id: "task-preview-heading" }, "Preview"),
        preview,
      ),
    ),
    h(
      "section",
      { "aria-labelledby": "task-ppo-heading" },
      h("h3", { id: "task-ppo-heading" }, "PPO defaults"),
      h("div", { class: "table-scroll" }, ppoTable),
    ),
    h(
      "section",
      { "aria-labelledby": "task-human-heading" },
      h("h3", { id: "task-human-heading" }, "Human reward"),
      h("p", { class: "help" }, "The hand-written reward program, the baseline a generated reward is compared with."),
      humanReward,
    ),
    h(
      "section",
      { "aria-labelledby": "task-sparse-heading" },
      h("h3", { id: "task-sparse-heading" }, "Sparse reward"),
      h("p", { class: "help" }, "Rewards success only: the weakest baseline."),
      sparseReward,
    ),
    h(
      "details",
      { class: "source", open: true },
      h("summary", {}, h("h3", { id: "task-context-heading" }, "Environment source given to the LLM")),
      context,
    ),
  );
  const detailState = h("p", { id: "task-detail-state", class: "empty" }, "Loading tasks\u2026");
  const detail = h(
    "section",
    { id: "task-detail", class: "card task-detail", "aria-labelledby": "task-title" },
    detailState,
    detailBody,
  );

  root.replaceChildren(
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, "Tasks"),
      h(
        "p",
        { class: "lead" },
        "The environments a search can design rewards for. Pick one to see its spaces, training defaults, a random " +
          "start state and the source the LLM reads.",
      ),
    ),
    message,
    h(
      "div",
      { class: "tasks-layout" },
      h(
        "nav",
        { class: "card task-nav", "aria-label": "Tasks" },
        listState,
        h("div", { class: "actions centered" }, retryButton),
        list,
      ),
      detail,
    ),
  );

  let tasks: TaskSummary[] = [];
  let selection = 0;
  let seed = 0;
  let frame: Frame | null = null;

  retryButton.addEventListener("click", () => {
    retryButton.hidden = true;
    listState.hidden = false;
    listState.textContent = "Loading tasks\u2026";
    setError("list", null);
    void load();
  });

  async function load(): Promise<void> {
    try {
      tasks = await listTasks();
    } catch (error) {
      listState.textContent = "The tasks could not be loaded.";
      retryButton.hidden = false;
      detailState.textContent = "No task to show.";
      setError("list", reasonOf(error));
      return;
    }
    list.replaceChildren(...tasks.map(item));
    listState.hidden = tasks.length > 0;
    if (tasks.length === 0) {
      listState.textContent = "No tasks are installed on this server.";
      detailState.textContent = "No task to show.";
      return;
    }
    select(currentId());
  }

  function item(task: TaskSummary): HTMLLIElement {
    return h(
      "li",
      {},
      h(
        "a",
        { href: `#${encodeURIComponent(task.id)}`, "data-task-id": task.id, class: "task-link" },
        h("span", { class: "task-id" }, task.id),
        h("span", { class: "task-summary" }, task.description),
        h(
          "span",
          { class: "task-tags" },
          h("span", { class: `badge action-${task.action.type}` }, describeAction(task.action)),
          h("span", { class: "badge" }, `obs ${task.observationSize}`),
          h("span", { class: "badge" }, `${numberFormat.format(task.episodeLength)} steps`),
          task.available ? "" : h("span", { class: "badge unavailable", title: unavailableText(task) }, "unavailable"),
        ),
      ),
    );
  }

  /** The task the hash names if it exists, else the first one. */
  function currentId(): string {
    const wanted = taskIdFromHash(location.hash);
    if (wanted !== null && !tasks.some((t) => t.id === wanted)) {
      setError("hash", `There is no task \u201c${wanted}\u201d; showing \u201c${tasks[0].id}\u201d instead.`);
      return tasks[0].id;
    }
    setError("hash", null);
    return wanted ?? tasks[0].id;
  }

  window.addEventListener("hashchange", () => {
    if (tasks.length > 0) select(currentId());
  });

  function select(id: string): void {
    const current = ++selection;
    for (const link of list.querySelectorAll<HTMLAnchorElement>("a[data-task-id]")) {
      if (link.dataset.taskId === id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    for (const part of ["detail", "preview", "human", "sparse", "context"]) setError(part, null);
    delete detail.dataset.taskId;
    detail.setAttribute("aria-busy", "true");
    detailBody.hidden = true;
    detailState.hidden = false;
    detailState.textContent = `Loading \u201c${id}\u201d\u2026`;
    frame = null;
    delete canvas.dataset.drawn;

    const summary = tasks.find((t) => t.id === id);
    const runnable = summary === undefined || summary.available;
    unavailable.hidden = runnable;
    unavailable.textContent = runnable ? "" : unavailableText(summary);

    void getTask(id).then(
      (task) => {
        if (current !== selection) return;
        renderDetail(task);
        detailState.hidden = true;
        detailBody.hidden = false;
        detail.removeAttribute("aria-busy");
        detail.dataset.taskId = task.id;
        if (runnable) void loadPreview(id, current);
        else {
          // the server would answer 409: it cannot make the task's environment
          newStateButton.disabled = true;
          previewState.textContent = "No preview: the task cannot run on this server.";
        }
      },
      (error: unknown) => {
        if (current !== selection) return;
        detail.removeAttribute("aria-busy");
        detailState.textContent = `The task \u201c${id}\u201d could not be loaded.`;
        setError("detail", reasonOf(error));
      },
    );
    loadSource(humanReward, "human", () => getHumanReward(id), current);
    loadSource(sparseReward, "sparse", () => getSparseReward(id), current);
    loadSource(context, "context", () => getTaskContext(id), current);
  }

  function renderDetail(task: TaskDetail): void {
    title.textContent = task.id;
    description.textContent = task.description;
    const fps = task.framesPerSecond;
    const seconds = fps > 0 ? ` (${numberFormat.format(task.episodeLength / fps)} s at ${fps} fps)` : "";
    facts.replaceChildren(
      ...fact("Action space", describeAction(task.action), "task-action"),
      ...fact("Observation size", String(task.observationSize), "task-observation"),
      ...fact("Episode length", `${numberFormat.format(task.episodeLength)} steps${seconds}`, "task-episode"),
      ...fact("Fitness threshold", String(task.fitnessThreshold), "task-threshold"),
      ...fact("State type", task.stateType, "task-state-type"),
    );
    bounds.replaceChildren(task.action.type === "continuous" ? boundsTable(task.action.low, task.action.high) : "");
    ppoBody.replaceChildren(...ppoRows(task.ppoDefaults));
  }

  function fact(label: string, value: string, id: string): HTMLElement[] {
    return [h("dt", {}, label), h("dd", { id }, value)];
  }

  function boundsTable(low: number[], high: number[]): HTMLElement {
    return h(
      "table",
      { id: "task-action-bounds", class: "data compact" },
      h("caption", {}, "Action bounds"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Dimension"),
          h("th", { scope: "col", class: "num" }, "Low"),
          h("th", { scope: "col", class: "num" }, "High"),
        ),
      ),
      h(
        "tbody",
        {},
        ...low.map((lo, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, String(i)),
            h("td", { class: "num" }, String(lo)),
            h("td", { class: "num" }, String(high[i])),
          ),
        ),
      ),
    );
  }

  function ppoRows(defaults: PpoDefaults): HTMLTableRowElement[] {
    return Object.entries(defaults).map(([name, value]) =>
      h(
        "tr",
        { "data-key": name },
        h("th", { scope: "row", class: "mono" }, name),
        h("td", { class: "num mono" }, formatPpoValue(value)),
      ),
    );
  }

  function loadSource(block: HTMLPreElement, part: string, fetchText: () => Promise<string>, current: number): void {
    const code = block.querySelector("code")!;
    code.textContent = "Loading\u2026";
    block.setAttribute("aria-busy", "true");
    delete block.dataset.loaded;
    void fetchText().then(
      (text) => {
        if (current !== selection) return;
        highlightJava(code, text);
        block.removeAttribute("aria-busy");
        block.dataset.loaded = "true";
      },
      (error: unknown) => {
        if (current !== selection) return;
        code.textContent = "Could not be loaded.";
        block.removeAttribute("aria-busy");
        setError(part, reasonOf(error));
      },
    );
  }

  async function loadPreview(id: string, current: number): Promise<void> {
    seed = Math.floor(Math.random() * MAX_SEED);
    const asked = seed;
    newStateButton.disabled = true;
    delete canvas.dataset.drawn;
    previewState.textContent = `Loading seed ${asked}\u2026`;
    let next: Frame;
    try {
      next = parseFrame(await getTaskPreview(id, asked));
    } catch (error) {
      if (current !== selection) return;
      previewState.textContent = "No preview.";
      setError("preview", reasonOf(error));
      return;
    } finally {
      if (current === selection) newStateButton.disabled = false;
    }
    if (current !== selection || asked !== seed) return;
    setError("preview", null);
    frame = next;
    canvas.setAttribute("aria-label", `A random start state of ${id} (seed ${asked})`);
    previewState.textContent = `Seed ${asked}`;
    draw();
  }

  function draw(): void {
    if (frame === null) return;
    const ctx = canvas.getContext("2d");
    if (ctx === null) {
      setError("preview", "This browser cannot draw on a canvas.");
      return;
    }
    // Fit the width the layout gives (up to 480 CSS px), keeping the 3:2 shape.
    const available = preview.clientWidth;
    const cssWidth = available > 0 ? Math.min(PREVIEW_WIDTH, available) : PREVIEW_WIDTH;
    const cssHeight = Math.round((cssWidth * PREVIEW_HEIGHT) / PREVIEW_WIDTH);
    const dpr = window.devicePixelRatio || 1;
    const size = sizeCanvas(canvas, cssWidth, cssHeight, dpr);
    drawFrame(ctx, frame, size.width, size.height, 1.5 * dpr);
    canvas.dataset.drawn = "true";
  }

  newStateButton.addEventListener("click", () => {
    const id = detail.dataset.taskId;
    if (id !== undefined) void loadPreview(id, selection);
  });

  let resizePending = false;
  window.addEventListener("resize", () => {
    if (resizePending) return;
    resizePending = true;
    requestAnimationFrame(() => {
      resizePending = false;
      draw();
    });
  });

  void load();
}
