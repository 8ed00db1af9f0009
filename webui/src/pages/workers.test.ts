import { describe, expect, it } from "vitest";
import type { WorkerView } from "../api";
import { applyWorkersMessage, describeHeartbeat, describeLoad, renderWorkerRows, workersSocketUrl } from "./workers";

const NOW = Date.parse("2026-12-06T06:00:00Z");

function worker(overrides: Partial<WorkerView>): WorkerView {
  return {
    name: "gpu-box-1",
    cores: 16,
    concurrency: 16,
    runningJobs: 3,
    lastHeartbeat: "2026-12-06T05:59:58Z",
    lost: false,
    ...overrides,
  };
}

describe("the Workers panel", () => {
  it("says how many trainings run out of the concurrency", () => {
    expect(describeLoad(worker({}))).toBe("3 of 16");
    expect(describeLoad(worker({ runningJobs: 0 }))).toBe("idle");
  });

  it("shows the heartbeat's age, this server for the local pool, and lost workers", () => {
    expect(describeHeartbeat(worker({}), NOW)).toBe("just now");
    expect(describeHeartbeat(worker({ name: "local" }), NOW)).toBe("this server");
    expect(describeHeartbeat(worker({ lost: true, lastHeartbeat: "2026-12-06T05:50:00Z" }), NOW)).toBe(
      "lost (last 10 min ago)",
    );
  });

  it("renders one row per worker, marking the lost ones", () => {
    const rows = renderWorkerRows(
      [worker({ name: "local", cores: 2, concurrency: 2, runningJobs: 0 }), worker({ lost: true })],
      NOW,
    );
    expect(rows.map((r) => r.dataset.worker)).toEqual(["local", "gpu-box-1"]);
    expect(rows.map((r) => r.dataset.lost ?? null)).toEqual([null, "true"]);
    expect([...rows[0].cells].map((c) => c.textContent)).toEqual(["local", "2", "idle", "this server"]);
  });

  it("follows the live stream: the list, then each changed worker by name", () => {
    const listed = applyWorkersMessage(
      [],
      JSON.stringify({ type: "workers", workers: [worker({ name: "b" }), worker({ name: "local" })] }),
    );
    expect(listed.map((w) => w.name)).toEqual(["local", "b"]);
    const joined = applyWorkersMessage(listed, JSON.stringify({ type: "worker", worker: worker({ name: "a" }) }));
    expect(joined.map((w) => w.name)).toEqual(["local", "a", "b"]);
    const lost = applyWorkersMessage(
      joined,
      JSON.stringify({ type: "worker", worker: worker({ name: "b", lost: true, runningJobs: 0 }) }),
    );
    expect(lost.map((w) => [w.name, w.lost, w.runningJobs])).toEqual([
      ["local", false, 3],
      ["a", false, 3],
      ["b", true, 0],
    ]);
    expect(applyWorkersMessage(lost, JSON.stringify({ type: "ping" }))).toBe(lost);
  });

  it("connects to /ws/workers on the page's host", () => {
    expect(workersSocketUrl({ protocol: "https:", host: "rs.example:8443" } as Location)).toBe(
      "wss://rs.example:8443/ws/workers",
    );
    expect(workersSocketUrl({ protocol: "http:", host: "localhost:8080" } as Location)).toBe(
      "ws://localhost:8080/ws/workers",
    );
  });
});
