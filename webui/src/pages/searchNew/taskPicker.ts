// "What to design a reward for": the task `#ns-task` (the address's `?task=`, else cartpole, else the first),
// its description and a link to its page. Choosing a task reads its PPO defaults.
import { getTask, listTasks } from "../../api";
import type { TaskDetail, TaskSummary } from "../../api";
import { h } from "../../dom";
import { reasonOf } from "../../format";
import type { FormFields } from "./fields";

export interface TaskPickerOptions {
  fields: FormFields;
  /** The server has no tasks: nothing can be submitted. */
  onNone: () => void;
  /** A task was chosen (its summary, if listed); its details are being read. */
  onChoose: (summary: TaskSummary | undefined) => void;
  /** The chosen task's details are in (and it is still the chosen one). */
  onDetail: (detail: TaskDetail) => void;
}

export interface TaskPicker {
  element: HTMLElement;
  /** The chosen task's id ("" before the tasks are in). */
  value(): string;
  /** The chosen task's details, once read. */
  detail(): TaskDetail | null;
  /** Reads the tasks and chooses one. */
  load(): Promise<void>;
}

export function setupTaskPicker({ fields, onNone, onChoose, onDetail }: TaskPickerOptions): TaskPicker {
  const select = h(
    "select",
    { id: "ns-task", name: "task", required: true },
    h("option", { value: "" }, "Loading\u2026"),
  );
  const description = h("p", { id: "ns-task-description", class: "help" });
  const link = h(
    "a",
    { id: "ns-task-link", href: "/tasks" },
    "See the task, its rewards and the source the proposer reads",
  );
  const element = h(
    "section",
    { class: "form-section", "aria-labelledby": "ns-what" },
    h("h2", { id: "ns-what" }, "What to design a reward for"),
    fields.field("task", "Task", select, description, "grow"),
    h("p", { class: "help" }, link),
  );
  let tasks: TaskSummary[] = [];
  let detail: TaskDetail | null = null;

  async function load(): Promise<void> {
    try {
      tasks = await listTasks();
    } catch (error) {
      select.replaceChildren(h("option", { value: "" }, "Tasks could not be loaded"));
      fields.setError("task", reasonOf(error));
      return;
    }
    if (tasks.length === 0) {
      select.replaceChildren(h("option", { value: "" }, "No tasks on this server"));
      onNone();
      return;
    }
    select.replaceChildren(...tasks.map((t) => h("option", { value: t.id }, t.id)));
    const wanted = new URLSearchParams(location.search).get("task");
    select.value = tasks.some((t) => t.id === wanted)
      ? wanted!
      : tasks.some((t) => t.id === "cartpole")
        ? "cartpole"
        : tasks[0].id;
    await choose();
  }

  async function choose(): Promise<void> {
    const id = select.value;
    const summary = tasks.find((t) => t.id === id);
    description.textContent = summary?.description ?? "";
    onChoose(summary);
    link.setAttribute("href", `/tasks#${encodeURIComponent(id)}`);
    fields.setError("task", null);
    try {
      detail = await getTask(id);
    } catch (error) {
      fields.setError("task", `Its training defaults could not be loaded: ${reasonOf(error)}`);
      return;
    }
    if (select.value !== id) return;
    onDetail(detail);
  }

  select.addEventListener("change", () => void choose());

  return { element, value: () => select.value, detail: () => detail, load };
}
