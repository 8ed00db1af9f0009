import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TaskDetail, TaskSummary } from "../api";
import { recordingContext } from "../testing/recordingContext";
import type { Call } from "../testing/recordingContext";
import { describeAction, formatPpoValue, setupTasks, taskIdFromHash, unavailableText } from "./tasks";

const CARTPOLE: TaskSummary = {
  id: "cartpole",
  description: "Balance a pole on a cart",
  observationSize: 4,
  action: { type: "discrete", n: 2 },
  episodeLength: 500,
  fitnessThreshold: 475,
  stateType: "CartPoleState",
  available: true,
};

const REACHER: TaskSummary = {
  id: "reacher",
  description: "Move a two-link arm's tip to a target",
  observationSize: 10,
  action: { type: "continuous", low: [-1, -0.5], high: [1, 0.5] },
  episodeLength: 1000,
  fitnessThreshold: -3.75,
  stateType: "ReacherState",
  available: true,
};

const REASON = "the MuJoCo library libmujoco.so.2.2.2 is not installed (Debian: apt-get install libmujoco2.2.2)";

const ANT: TaskSummary = {
  id: "ant",
  description: "Make a four-legged robot run forward",
  observationSize: 27,
  action: { type: "continuous", low: [-1, -1], high: [1, 1] },
  episodeLength: 250,
  fitnessThreshold: 1,
  stateType: "AntState",
  available: false,
  unavailableReason: REASON,
};

function detailOf(task: TaskSummary): TaskDetail {
  return {
    ...task,
    framesPerSecond: 50,
    ppoDefaults: { totalTimesteps: 500000, learningRate: 0.0003, normalizeAdvantages: true, hidden: [64, 64] },
  };
}

const FRAME = { v: [-1, -1, 1, 1], s: [["c", 0, 0, 0.5, "#123456", null]] };
// Math.random is pinned so the preview seed is known: floor(0.25 * 1e6).
const SEED = 250000;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function text(body: string): Response {
  return new Response(body, { status: 200, headers: { "Content-Type": "text/plain" } });
}

function source(id: string, what: string): string {
  return `double ${what}(${id}State s) {\n    return s.x < 1 && s.y > 2 ? 1.0 : 0.0; // <b>${id}</b>\n}\n`;
}

type Route = () => Response | Promise<Response>;

/** Answers each task's routes; `overrides` replace some by "METHOD url". Unknown requests fail loudly. */
function fakeServer(tasks: TaskSummary[], overrides: Record<string, Route> = {}): string[] {
  const routes: Record<string, Route> = { "GET /api/tasks": () => json(200, tasks) };
  for (const t of tasks) {
    routes[`GET /api/tasks/${t.id}`] = () => json(200, detailOf(t));
    routes[`GET /api/tasks/${t.id}/context`] = () => text(source(t.id, "context"));
    routes[`GET /api/tasks/${t.id}/human-reward`] = () => text(source(t.id, "human"));
    routes[`GET /api/tasks/${t.id}/sparse-reward`] = () => text(source(t.id, "sparse"));
    routes[`GET /api/tasks/${t.id}/preview?seed=${SEED}`] = () => json(200, FRAME);
  }
  Object.assign(routes, overrides);
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const key = `${init.method} ${url}`;
      calls.push(key);
      const route = routes[key];
      if (route === undefined) throw new Error(`unexpected request ${key}`);
      return route();
    }),
  );
  return calls;
}

function $(selector: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(selector);
  if (element === null) throw new Error(`no element ${selector}`);
  return element;
}

function links(): HTMLAnchorElement[] {
  return [...document.querySelectorAll<HTMLAnchorElement>("#task-list a[data-task-id]")];
}

let root: HTMLElement;
let drawn: Call[];

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0.25);
  const recording = recordingContext();
  drawn = recording.calls;
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(recording.ctx as never);
  history.replaceState(null, "", "/tasks");
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function loaded(id: string): Promise<void> {
  await vi.waitFor(() => {
    expect($("#task-detail").dataset.taskId).toBe(id);
    expect($("#task-preview canvas").dataset.drawn).toBe("true");
    for (const block of ["#task-human-reward", "#task-sparse-reward", "#task-context"]) {
      expect($(block).dataset.loaded).toBe("true");
    }
  });
}

describe("a task the server cannot run", () => {
  it("says why in the list and in the detail, and asks for no preview", async () => {
    const calls = fakeServer([CARTPOLE, ANT]);
    history.replaceState(null, "", "/tasks#ant");
    setupTasks(root);

    await vi.waitFor(() => {
      expect($("#task-detail").dataset.taskId).toBe("ant");
      expect($("#task-context").dataset.loaded).toBe("true");
    });
    const badges = [...links()[1].querySelectorAll(".badge")];
    expect(badges.map((b) => b.textContent)).toEqual([
      "continuous, 2 dimensions",
      "obs 27",
      "250 steps",
      "unavailable",
    ]);
    expect(badges[3].getAttribute("title")).toBe(`ant cannot run on this server: ${REASON}`);
    expect(links()[0].querySelector(".badge.unavailable")).toBeNull();
    expect($("#task-unavailable").hidden).toBe(false);
    expect($("#task-unavailable").textContent).toBe(`ant cannot run on this server: ${REASON}`);
    expect($("#task-preview-state").textContent).toBe("No preview: the task cannot run on this server.");
    expect(($("#task-preview-new") as HTMLButtonElement).disabled).toBe(true);
    expect($("#task-preview canvas").dataset.drawn).toBeUndefined();
    expect(calls.some((c) => c.startsWith("GET /api/tasks/ant/preview"))).toBe(false);
    expect($("#task-message").textContent).toBe("");

    // a runnable task hides the notice and draws its preview again
    history.replaceState(null, "", "/tasks#cartpole");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await loaded("cartpole");
    expect($("#task-unavailable").hidden).toBe(true);
    expect(($("#task-preview-new") as HTMLButtonElement).disabled).toBe(false);
  });

  it("words the reason, or its absence", () => {
    expect(unavailableText({ id: "ant", unavailableReason: "no library" })).toBe(
      "ant cannot run on this server: no library",
    );
    expect(unavailableText({ id: "ant", unavailableReason: null })).toBe(
      "ant cannot run on this server (no reason given).",
    );
    expect(unavailableText({ id: "ant" })).toBe("ant cannot run on this server (no reason given).");
  });
});

describe("helpers", () => {
  it("describes action spaces", () => {
    expect(describeAction({ type: "discrete", n: 3 })).toBe("discrete, 3 actions");
    expect(describeAction({ type: "discrete", n: 1 })).toBe("discrete, 1 action");
    expect(describeAction({ type: "continuous", low: [-1], high: [1] })).toBe("continuous, 1 dimension");
    expect(describeAction(REACHER.action)).toBe("continuous, 2 dimensions");
  });

  it("formats PPO values", () => {
    expect(formatPpoValue(0.0003)).toBe("0.0003");
    expect(formatPpoValue(true)).toBe("true");
    expect(formatPpoValue([64, 64])).toBe("[64, 64]");
  });

  it("reads the task id from the hash", () => {
    expect(taskIdFromHash("")).toBeNull();
    expect(taskIdFromHash("#")).toBeNull();
    expect(taskIdFromHash("#cartpole")).toBe("cartpole");
    expect(taskIdFromHash("#a%2Fb")).toBe("a/b");
    expect(taskIdFromHash("#%E0")).toBe("%E0");
  });
});

describe("setupTasks", () => {
  it("lists every task as a link with its facts", async () => {
    fakeServer([CARTPOLE, REACHER]);
    setupTasks(root);

    await vi.waitFor(() => expect(links()).toHaveLength(2));
    expect(links().map((a) => a.dataset.taskId)).toEqual(["cartpole", "reacher"]);
    expect(links().map((a) => a.getAttribute("href"))).toEqual(["#cartpole", "#reacher"]);
    const reacher = links()[1];
    expect(reacher.querySelector(".task-id")?.textContent).toBe("reacher");
    expect(reacher.querySelector(".task-summary")?.textContent).toBe("Move a two-link arm's tip to a target");
    expect([...reacher.querySelectorAll(".badge")].map((b) => b.textContent)).toEqual([
      "continuous, 2 dimensions",
      "obs 10",
      "1,000 steps",
    ]);
    expect($("#task-list-state").hidden).toBe(true);
    await loaded("cartpole");
  });

  it("shows the first task by default with all its details", async () => {
    const calls = fakeServer([CARTPOLE, REACHER]);
    setupTasks(root);

    await loaded("cartpole");
    expect(links()[0].getAttribute("aria-current")).toBe("page");
    expect(links()[1].hasAttribute("aria-current")).toBe(false);
    expect($("#task-title").textContent).toBe("cartpole");
    expect($("#task-description").textContent).toBe("Balance a pole on a cart");
    expect($("#task-action").textContent).toBe("discrete, 2 actions");
    expect($("#task-observation").textContent).toBe("4");
    expect($("#task-episode").textContent).toBe("500 steps (10 s at 50 fps)");
    expect($("#task-threshold").textContent).toBe("475");
    expect($("#task-state-type").textContent).toBe("CartPoleState");
    expect(document.querySelector("#task-action-bounds")).toBeNull();
    const ppo = [...document.querySelectorAll("#task-ppo tbody tr")].map((tr) => [
      tr.querySelector("th")?.textContent,
      tr.querySelector("td")?.textContent,
    ]);
    expect(ppo).toEqual([
      ["totalTimesteps", "500000"],
      ["learningRate", "0.0003"],
      ["normalizeAdvantages", "true"],
      ["hidden", "[64, 64]"],
    ]);
    expect(calls).toContain(`GET /api/tasks/cartpole/preview?seed=${SEED}`);
    expect(calls.some((c) => c.startsWith("GET /api/tasks/reacher"))).toBe(false);
    expect($("#task-message").textContent).toBe("");
  });

  it("puts each program in a highlighted Java code block with its exact text", async () => {
    fakeServer([CARTPOLE]);
    setupTasks(root);
    await loaded("cartpole");

    for (const [selector, what] of [
      ["#task-human-reward", "human"],
      ["#task-sparse-reward", "sparse"],
      ["#task-context", "context"],
    ]) {
      const pre = $(selector);
      expect(pre.tagName).toBe("PRE");
      const code = pre.querySelector("code")!;
      expect(code.classList.contains("hljs")).toBe(true);
      expect(code.classList.contains("language-java")).toBe(true);
      expect(code.textContent).toBe(source("cartpole", what));
      // Highlighted, and the "<b>" of the source stayed text.
      expect(code.querySelector(".hljs-type")?.textContent).toBe("double");
      expect(code.querySelector(".hljs-keyword")?.textContent).toBe("return");
      expect(code.querySelector(".hljs-comment")?.textContent).toBe("// <b>cartpole</b>");
      expect(code.querySelector("b")).toBeNull();
    }
    const details = $("#task-context").closest("details")!;
    expect(details.open).toBe(true);
  });

  it("draws the preview of a random state and draws a new one on request", async () => {
    let answered = 0;
    const calls = fakeServer([CARTPOLE], {
      [`GET /api/tasks/cartpole/preview?seed=${SEED}`]: () => {
        answered++;
        return json(200, FRAME);
      },
    });
    setupTasks(root);
    await loaded("cartpole");

    const canvas = $("#task-preview canvas") as HTMLCanvasElement;
    expect(canvas.width).toBe(480);
    expect(canvas.height).toBe(320);
    expect(canvas.getAttribute("aria-label")).toBe(`A random start state of cartpole (seed ${SEED})`);
    // The 2 x 2 viewport fits the 320 px height: scale 160, centred at (240, 160).
    expect(drawn).toContainEqual(["arc", 240, 160, 80, 0, 2 * Math.PI]);
    expect(drawn).toContainEqual(["set", "fillStyle", "#123456"]);
    expect($("#task-preview-state").textContent).toBe(`Seed ${SEED}`);

    drawn.length = 0;
    $("#task-preview-new").click();
    expect(canvas.dataset.drawn).toBeUndefined();
    await vi.waitFor(() => expect(canvas.dataset.drawn).toBe("true"));
    expect(answered).toBe(2);
    expect(calls.filter((c) => c.includes("/preview"))).toHaveLength(2);
    expect(drawn).toContainEqual(["arc", 240, 160, 80, 0, 2 * Math.PI]);
  });

  it("selects the task named by the hash at load and follows hash changes", async () => {
    history.replaceState(null, "", "/tasks#reacher");
    fakeServer([CARTPOLE, REACHER]);
    setupTasks(root);

    await loaded("reacher");
    expect($("#task-title").textContent).toBe("reacher");
    expect(links()[1].getAttribute("aria-current")).toBe("page");
    const bounds = [...document.querySelectorAll("#task-action-bounds tbody tr")].map((tr) =>
      [...tr.children].map((c) => c.textContent),
    );
    expect(bounds).toEqual([
      ["0", "-1", "1"],
      ["1", "-0.5", "0.5"],
    ]);

    history.replaceState(null, "", "/tasks#cartpole");
    window.dispatchEvent(new HashChangeEvent("hashchange"));

    await loaded("cartpole");
    expect($("#task-title").textContent).toBe("cartpole");
    expect(links()[0].getAttribute("aria-current")).toBe("page");
    expect($("#task-context code").textContent).toBe(source("cartpole", "context"));
  });

  it("says so when the hash names no task and shows the first", async () => {
    history.replaceState(null, "", "/tasks#nope");
    fakeServer([CARTPOLE]);
    setupTasks(root);

    await loaded("cartpole");
    expect($("#task-message").textContent).toBe(
      "There is no task \u201cnope\u201d; showing \u201ccartpole\u201d instead.",
    );
  });

  it("shows the empty state when no task exists", async () => {
    const calls = fakeServer([]);
    setupTasks(root);

    await vi.waitFor(() => expect($("#task-list-state").textContent).toBe("No tasks are installed on this server."));
    expect(links()).toHaveLength(0);
    expect($("#task-detail-state").textContent).toBe("No task to show.");
    expect(calls).toEqual(["GET /api/tasks"]);
  });

  it("shows the reason when the list fails and tries again on request", async () => {
    let fail = true;
    fakeServer([CARTPOLE], {
      "GET /api/tasks": () => (fail ? json(503, { reason: "server is starting" }) : json(200, [CARTPOLE])),
    });
    setupTasks(root);

    await vi.waitFor(() => expect($("#task-message").textContent).toBe("server is starting"));
    expect($("#task-message").dataset.tone).toBe("error");
    expect($("#task-message").getAttribute("aria-live")).toBe("polite");
    expect($("#task-list-state").textContent).toBe("The tasks could not be loaded.");
    expect($("#task-retry").hidden).toBe(false);

    fail = false;
    $("#task-retry").click();

    await loaded("cartpole");
    expect($("#task-message").textContent).toBe("");
    expect($("#task-retry").hidden).toBe(true);
  });

  it("shows the reason of each failed part and keeps the parts that loaded", async () => {
    fakeServer([CARTPOLE], {
      "GET /api/tasks/cartpole/context": () => json(404, { reason: "no context for cartpole" }),
      [`GET /api/tasks/cartpole/preview?seed=${SEED}`]: () => json(200, { v: [0, 0, 0, 1], s: [] }),
    });
    setupTasks(root);

    await vi.waitFor(() => {
      expect($("#task-message").textContent).toContain("Environment source: no context for cartpole");
      expect($("#task-message").textContent).toContain(
        "Preview: Invalid frame: v must have xMin < xMax and yMin < yMax",
      );
    });
    expect($("#task-message").querySelectorAll("p")).toHaveLength(2);
    expect($("#task-context code").textContent).toBe("Could not be loaded.");
    expect($("#task-human-reward code").textContent).toBe(source("cartpole", "human"));
    expect($("#task-detail").dataset.taskId).toBe("cartpole");
    expect($("#task-preview canvas").dataset.drawn).toBeUndefined();
    expect($("#task-preview-state").textContent).toBe("No preview.");
  });

  it("shows the reason when the task itself fails", async () => {
    fakeServer([CARTPOLE], { "GET /api/tasks/cartpole": () => json(404, { reason: "no task cartpole" }) });
    setupTasks(root);

    await vi.waitFor(() => expect($("#task-message").textContent).toContain("no task cartpole"));
    expect($("#task-detail-state").textContent).toBe("The task \u201ccartpole\u201d could not be loaded.");
    expect($("#task-detail").hasAttribute("data-task-id")).toBe(false);
    expect($("#task-detail-body").hidden).toBe(true);
  });

  it("ignores answers for a task that is no longer selected", async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    history.replaceState(null, "", "/tasks#reacher");
    fakeServer([CARTPOLE, REACHER], {
      "GET /api/tasks/reacher/context": async () => {
        await slow;
        return text("stale reacher source");
      },
    });
    setupTasks(root);
    await vi.waitFor(() => expect($("#task-detail").dataset.taskId).toBe("reacher"));

    history.replaceState(null, "", "/tasks#cartpole");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await loaded("cartpole");
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect($("#task-context code").textContent).toBe(source("cartpole", "context"));
    expect($("#task-title").textContent).toBe("cartpole");
  });
});
