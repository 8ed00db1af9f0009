// The Workers panel on the searches page (docs/architecture.md, Workers): who trains this server's searches,
// `local` being the server's own pool, with cores, running trainings out of its concurrency and the last heartbeat;
// a worker whose heartbeats stopped is marked lost. It asks GET /api/workers every 5 s while the page is open.
// Contract with the tests: section `#workers`, table `#worker-table` with one `tr[data-worker]` per worker
// (`data-lost="true"` when lost).
import { listWorkers } from "../api";
import type { WorkerView } from "../api";
import { card, h } from "../dom";
import { formatAge, formatTime, reasonOf } from "../format";

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
  async function load(): Promise<void> {
    try {
      const workers = await listWorkers();
      body.replaceChildren(...renderWorkerRows(workers, Date.now()));
      status.hidden = workers.length > 0;
      status.textContent = workers.length > 0 ? "" : "No worker has been heard from yet.";
    } catch (error) {
      status.hidden = false;
      status.textContent = `The workers could not be loaded: ${reasonOf(error)}`;
    }
    if (panel.isConnected) setTimeout(() => void load(), WORKERS_REFRESH_MS);
  }
  void load();
  return panel;
}
