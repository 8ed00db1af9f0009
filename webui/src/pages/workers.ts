// The Workers panel on the searches page (docs/architecture.md, Workers): who trains this server's searches,
// `local` being the server's own pool, with cores, running trainings out of its concurrency and the last heartbeat;
// a worker whose heartbeats stopped is marked lost. It follows /ws/workers (the whole list, then each worker that
// joined, changed its running trainings or was lost) and asks GET /api/workers every 5 s only while that stream is
// not open.
// Contract with the tests: section `#workers`, table `#worker-table` with one `tr[data-worker]` per worker
// (`data-lost="true"` when lost).
import { listWorkers } from "../api";
import type { WorkerView } from "../api";
import { card, h } from "../dom";
import { formatAge, formatTime, reasonOf } from "../format";
import { LiveConnection } from "../live";

export const WORKERS_REFRESH_MS = 5000;

/** "2 of 4" trainings running; "idle" when none is. */
export function describeLoad(w: WorkerView): string {
  return w.runningJobs === 0 ? "idle" : `${w.runningJobs} of ${w.concurrency}`;
}

/** The heartbeat cell: "this server" for the local pool, else its age, "lost" once the heartbeats stopped. */
export function describeHeartbeat(w: WorkerView, now: number): string {
  if (w.name === "local") return "this server";
  const age = formatAge(w.lastHeartbeat, now);
  return w.lost ? `lost (last ${age})` : age;
}

export function workersSocketUrl(location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/workers`;
}

/** `local` first, then by name (the order of GET /api/workers). */
function ordered(workers: WorkerView[]): WorkerView[] {
  return [...workers].sort((a, b) =>
    a.name === "local" ? -1 : b.name === "local" ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

/** The list after one message of /ws/workers: "workers" replaces it, "worker" replaces (or adds) one by name. */
export function applyWorkersMessage(current: WorkerView[], text: string): WorkerView[] {
  const message = JSON.parse(text) as { type?: string; workers?: WorkerView[]; worker?: WorkerView };
  if (message.type === "workers" && Array.isArray(message.workers)) return ordered(message.workers);
  if (message.type === "worker" && message.worker) {
    const changed = message.worker;
    return ordered([...current.filter((w) => w.name !== changed.name), changed]);
  }
  return current;
}

export function renderWorkerRows(workers: WorkerView[], now: number): HTMLTableRowElement[] {
  return workers.map((w) =>
    h(
      "tr",
      { "data-worker": w.name, "data-lost": w.lost ? "true" : null },
      h("th", { scope: "row", class: "mono" }, w.name),
      h("td", { class: "num" }, String(w.cores)),
      h("td", {}, describeLoad(w)),
      h("td", { title: w.name === "local" ? null : formatTime(w.lastHeartbeat) }, describeHeartbeat(w, now)),
    ),
  );
}

/** The panel; it keeps itself current until it leaves the page. */
export function setupWorkersPanel(): HTMLElement {
  const body = h("tbody");
  const status = h("p", { class: "muted", id: "workers-status", hidden: true });
  const table = h(
    "table",
    { id: "worker-table", class: "data" },
    h("caption", { class: "visually-hidden" }, "Workers"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Worker"),
        h("th", { scope: "col", class: "num" }, "Cores"),
        h("th", { scope: "col" }, "Running"),
        h("th", { scope: "col" }, "Last heartbeat"),
      ),
    ),
    body,
  );
  const panel = card(
    "workers",
    "Workers",
    "Where trainings run: this server's pool (local) and the worker machines on the broker.",
    status,
    h("div", { class: "table-scroll" }, table),
  );
  let workers: WorkerView[] = [];
  let live = false;
  function render(): void {
    body.replaceChildren(...renderWorkerRows(workers, Date.now()));
    status.hidden = workers.length > 0;
    status.textContent = workers.length > 0 ? "" : "No worker has been heard from yet.";
  }
  const stream = new LiveConnection(workersSocketUrl(), {
    onMessage: (text) => {
      workers = applyWorkersMessage(workers, text);
      render();
    },
    onOpen: () => {},
    onStatus: (s) => {
      live = s === "open";
    },
  });
  async function load(): Promise<void> {
    try {
      workers = ordered(await listWorkers());
      render();
    } catch (error) {
      status.hidden = false;
      status.textContent = `The workers could not be loaded: ${reasonOf(error)}`;
    }
  }
  // the stream keeps the list current; the ages are redrawn, and the list asked for while the stream is down
  async function tick(): Promise<void> {
    if (!panel.isConnected) {
      stream.stop();
      return;
    }
    if (live) render();
    else await load();
    setTimeout(() => void tick(), WORKERS_REFRESH_MS);
  }
  stream.start();
  void load().then(() => setTimeout(() => void tick(), WORKERS_REFRESH_MS));
  return panel;
}
