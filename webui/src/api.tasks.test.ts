import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, getHumanReward, getSparseReward, getTask, getTaskContext, getTaskPreview, listTasks } from "./api";
import type { TaskDetail, TaskSummary } from "./api";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function text(body: string): Response {
  return new Response(body, { status: 200, headers: { "Content-Type": "text/plain;charset=UTF-8" } });
}

let fetchMock: ReturnType<typeof vi.fn>;

function onlyCall(): [string, RequestInit] {
  expect(fetchMock).toHaveBeenCalledTimes(1);
  return fetchMock.mock.calls[0] as [string, RequestInit];
}

const summary: TaskSummary = {
  id: "pendulum",
  description: "Swing up and hold",
  observationSize: 3,
  action: { type: "continuous", low: [-2], high: [2] },
  episodeLength: 200,
  fitnessThreshold: -200,
  stateType: "PendulumState",
  available: true,
};

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

describe("task calls", () => {
  it("lists tasks as JSON", async () => {
    fetchMock.mockResolvedValue(json(200, [summary]));

    expect(await listTasks()).toEqual([summary]);
    const [url, init] = onlyCall();
    expect(url).toBe("/api/tasks");
    expect(init.method).toBe("GET");
    expect((init.headers as Record<string, string>).Accept).toBe("application/json");
  });

  it("gets one task with its id escaped in the path", async () => {
    const detail: TaskDetail = { ...summary, framesPerSecond: 20, ppoDefaults: { gamma: 0.99, hidden: [64, 64] } };
    fetchMock.mockResolvedValue(json(200, detail));

    expect(await getTask("a/b c")).toEqual(detail);
    expect(onlyCall()[0]).toBe("/api/tasks/a%2Fb%20c");
  });

  it.each([
    ["context", getTaskContext],
    ["human-reward", getHumanReward],
    ["sparse-reward", getSparseReward],
  ] as const)("gets the %s as text, asking for text/plain", async (path, call) => {
    const source = 'double reward(State s) {\n    return s.x > 0 ? 1 : 0; // "quoted" <b>\n}\n';
    fetchMock.mockResolvedValue(text(source));

    expect(await call("cartpole")).toBe(source);
    const [url, init] = onlyCall();
    expect(url).toBe(`/api/tasks/cartpole/${path}`);
    expect((init.headers as Record<string, string>).Accept).toBe("text/plain");
  });

  it("gets an empty program as an empty string", async () => {
    fetchMock.mockResolvedValue(new Response("", { status: 200 }));

    expect(await getSparseReward("cartpole")).toBe("");
  });

  it("refuses JSON where text was expected", async () => {
    fetchMock.mockResolvedValue(json(200, { source: "x" }));

    const error = await getTaskContext("cartpole").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).reason).toBe("The server sent JSON where text was expected.");
  });

  it("gets a preview for a seed as unchecked JSON", async () => {
    const frame = { v: [0, 0, 1, 1], s: [["c", 0.5, 0.5, 0.1, "#000", null]] };
    fetchMock.mockResolvedValue(json(200, frame));

    expect(await getTaskPreview("cartpole", 42)).toEqual(frame);
    expect(onlyCall()[0]).toBe("/api/tasks/cartpole/preview?seed=42");
  });

  it("reports an unknown task with the server's reason", async () => {
    fetchMock.mockResolvedValue(json(404, { reason: "no task nope" }));

    const error = await getHumanReward("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).reason).toBe("no task nope");
  });
});
