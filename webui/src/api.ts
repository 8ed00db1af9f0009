// Typed calls to the Rewardsmith REST API. The response and request types are the server's OpenAPI document's
// (openapi.json, generated into api.gen.ts by `npm run gen:api`); this file only names them and says what the
// document cannot: which fields may be null, which are left out, and unions the Java records flatten. Every failure
// is an ApiError carrying the HTTP status and the server's reason, so pages can show it inline.
import type { components } from "./api.gen";

type Schemas = components["schemas"];

/** `T` whose keys `K` may also be null (Java's types do not say which fields may be null, so the document cannot). */
type Nulls<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };

/** `T` whose keys `K` are left out when null (`@JsonInclude(NON_NULL)` on the server). */
type Optional<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] };

/** `T` whose keys `K` may be null or left out (older servers did not send them). */
type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | null };

/** The four roles (docs/architecture.md), weakest last. */
export type Role = "admin" | "operator" | "voter" | "viewer";

/** The signed-in user (GET /api/me). */
export type Me = Omit<Schemas["Me"], "role"> & { role: Role };

/** An API token as listed; the secret itself is never listed (GET /api/tokens). ISO-8601 times. */
export type Token = Nulls<Schemas["TokenView"], "lastUsedAt">;

/** A token just created (POST /api/tokens): `token` is the secret, shown once and never again. */
export type CreatedToken = Schemas["CreatedToken"];

/** An action space: `n` choices, or a box of real vectors with per-dimension bounds. */
export type ActionSpace = { type: "discrete"; n: number } | { type: "continuous"; low: number[]; high: number[] };

/** A task as listed (GET /api/tasks); `unavailableReason` is there when `available` is false. */
export type TaskSummary = Omit<Schemas["TaskSummary"], "action" | "unavailableReason"> & {
  action: ActionSpace;
  unavailableReason?: string | null;
};

/** PPO hyper-parameters by name (totalTimesteps, learningRate, numEnvs, gamma, hidden, ...). */
export type PpoDefaults = Record<string, number | boolean | number[]>;

/** One task in full (GET /api/tasks/{id}). */
export type TaskDetail = Omit<Schemas["TaskDetail"], "action" | "ppoDefaults"> & {
  action: ActionSpace;
  ppoDefaults: PpoDefaults;
};

/** The cookie the server sets (not HttpOnly) at login; its value is echoed in CSRF_HEADER (double submit). */
export const CSRF_COOKIE = "rs-csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** Status of an ApiError raised when the request never got an HTTP answer (server down, network gone). */
export const NETWORK_ERROR_STATUS = 0;

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const STATE_CHANGING: ReadonlySet<Method> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The server's error body, the same on every endpoint: what went wrong, the request field it is about (a JSON
 * path such as "samples" or "ppo.numEnvs") when there is one, and a program's compile problems when there are.
 */
export type ErrorBody = Pick<Schemas["ApiError"], "reason"> &
  Partial<Pick<Schemas["ApiError"], "field">> & { problems?: Problem[] };

/**
 * A failed API call: `status` is the HTTP status (0 without an answer), `reason` says what went wrong, `field`
 * and `problems` are the error body's when it has them.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly field?: string;
  readonly problems?: readonly Problem[];

  constructor(status: number, reason: string, details: Omit<ErrorBody, "reason"> = {}) {
    super(`${status}: ${reason}`);
    this.name = "ApiError";
    this.status = status;
    this.reason = reason;
    this.field = details.field;
    this.problems = details.problems;
  }

  /** The error of a non-2xx answer: its body's reason, field and problems, else its status line. */
  static fromResponse(status: number, statusText: string, text: string): ApiError {
    const body = parseErrorBody(text);
    const reason = body?.reason ?? (statusText || `Request failed with status ${status}`);
    return new ApiError(status, reason, { field: body?.field, problems: body?.problems });
  }
}

/**
 * The error body in `text`, or null when it is not JSON or has no usable reason (an HTML error page, an empty
 * body). A blank or non-string `field` is left out, as are problems that are not well formed.
 */
export function parseErrorBody(text: string): ErrorBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { reason, field, problems } = parsed as Record<string, unknown>;
  if (typeof reason !== "string" || reason.trim() === "") return null;
  const body: ErrorBody = { reason };
  if (typeof field === "string" && field.trim() !== "") body.field = field;
  if (Array.isArray(problems)) body.problems = problems.filter(isProblem);
  return body;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.stage === "string" &&
    typeof p.line === "number" &&
    typeof p.column === "number" &&
    typeof p.message === "string"
  );
}

/** The decoded value of cookie `name` in `cookies` (document.cookie format), or null when absent. */
export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}

/**
 * Sends one request to `path` (same origin, cookies included) with `body` as JSON, and resolves to the JSON
 * answer (undefined for an empty answer such as 204, the text for a non-JSON answer). State-changing methods
 * carry the CSRF header; `accept` is the Accept header (a text endpoint may refuse JSON with 406). Rejects with ApiError on a non-2xx status or when the server cannot be reached.
 */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  accept: string = "application/json",
): Promise<T> {
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (STATE_CHANGING.has(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    // Without the cookie the server rejects the request and its reason is shown; sending nothing is honest.
    if (csrf !== null) headers[CSRF_HEADER] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, "Could not reach the server. Check your connection and try again.");
  }
  const text = await response.text();
  if (!response.ok) throw ApiError.fromResponse(response.status, response.statusText, text);
  if (text === "") return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) return text as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, "The server sent a malformed JSON answer.");
  }
}

export function me(): Promise<Me> {
  return request<Me>("GET", "/api/me");
}

export function listTokens(): Promise<Token[]> {
  return request<Token[]>("GET", "/api/tokens");
}

export function createToken(name: string, expiresInDays: number): Promise<CreatedToken> {
  return request<CreatedToken>("POST", "/api/tokens", { name, expiresInDays });
}

export function revokeToken(id: string): Promise<void> {
  return request<void>("DELETE", `/api/tokens/${encodeURIComponent(id)}`);
}

/** A worker that trains this server's searches (`local` is the server's own pool). ISO-8601 time. */
export type WorkerView = Schemas["WorkerView"];

export function listWorkers(): Promise<WorkerView[]> {
  return request<WorkerView[]>("GET", "/api/workers");
}

export function listTasks(): Promise<TaskSummary[]> {
  return request<TaskSummary[]>("GET", "/api/tasks");
}

function taskPath(id: string): string {
  return `/api/tasks/${encodeURIComponent(id)}`;
}

export function getTask(id: string): Promise<TaskDetail> {
  return request<TaskDetail>("GET", taskPath(id));
}

/** The pruned environment source the LLM reads (Java, text/plain). */
export function getTaskContext(id: string): Promise<string> {
  return requestText(`${taskPath(id)}/context`);
}

/** The hand-written reward program of the task (a Java method, text/plain). */
export function getHumanReward(id: string): Promise<string> {
  return requestText(`${taskPath(id)}/human-reward`);
}

/** The sparse (success-only) reward program of the task (a Java method, text/plain). */
export function getSparseReward(id: string): Promise<string> {
  return requestText(`${taskPath(id)}/sparse-reward`);
}

/** A picture of a random start state for `seed`: unchecked JSON, to go through frame.ts's parseFrame. */
export function getTaskPreview(id: string, seed: number): Promise<unknown> {
  return request<unknown>("GET", `${taskPath(id)}/preview?seed=${encodeURIComponent(String(seed))}`);
}

async function requestText(path: string): Promise<string> {
  const body = await request<unknown>("GET", path, undefined, "text/plain");
  // An empty 200 is an empty program; a JSON answer would be a server mistake worth showing as such.
  if (body === undefined) return "";
  if (typeof body !== "string") throw new ApiError(200, "The server sent JSON where text was expected.");
  return body;
}

// ---- Searches and candidates (SearchViews.java; the WebSocket's first message carries the same SearchView) ----

export type { CandidateState, Proposer, SearchState, SelectionMode } from "./vocabulary";

export type Best = Schemas["Best"];

export type Usage = Schemas["Usage"];

export type Budget = Loose<Omit<Schemas["Budget"], "ppo">, "finetuneFrom"> & { ppo: PpoDefaults };

export type PreferenceSettings = Schemas["Preference"];

export type Progress = Schemas["Progress"];

/** A candidate as a search lists it (and, with `attempt`, as the live stream announces it). */
export type CandidateSummary = Nulls<
  Loose<Optional<Schemas["CandidateSummary"], "round" | "attempt" | "worker">, "parent">,
  "summary" | "fitness" | "problem" | "failure"
>;

export type IterationView = Nulls<Omit<Schemas["IterationView"], "candidates">, "selected"> & {
  candidates: CandidateSummary[];
};

export type SearchView = Nulls<
  Loose<Omit<Schemas["SearchView"], "budget" | "iterations" | "evaluation">, "preference" | "humanReflection">,
  "reason" | "finishedAt" | "forkedFrom" | "progress" | "best"
> & { budget: Budget; iterations: IterationView[]; evaluation: Evaluation | null };

/** F of one reward over the evaluation's seeds (Evaluation.java's Spread): sd is the sample deviation. */
export type Spread = Schemas["Spread"];

/**
 * The final evaluation (Evaluation.java): the best, human and sparse rewards each trained with the same seeds and
 * the full PPO budget. `hns` is null when undefined (then `hnsNote` says why); `bestFromScratch` is present only
 * when the search fine-tunes from a checkpoint.
 */
export type Evaluation = Nulls<
  Schemas["Evaluation"],
  "bestFromScratch" | "hns" | "hnsClipped" | "hnsNote" | "correlation" | "trainingCorrelation"
>;

export type SearchListItem = Nulls<
  Loose<Schemas["SearchListItem"], "humanFitness" | "humanInitFitness" | "hns" | "progress">,
  "best"
>;

export type Page<T> = Omit<Schemas["PageSearchListItem"], "items"> & { items: T[] };

/** One epoch of one training; null where no episode finished in the epoch. */
export type MetricPoint = Nulls<
  Loose<
    Omit<Schemas["MetricPoint"], "components">,
    "policyLoss" | "valueLoss" | "entropy" | "approxKl" | "clipFraction" | "learningRate" | "rewardMean"
  >,
  "stepsPerSecond" | "episodicReturn" | "episodeLength" | "fitness" | "humanReward"
> & { components: Record<string, number | null> };

/**
 * A problem the compiler found: `line` and `column` count from 1 in the program's source; `hint` is the fix to
 * write when there is one.
 */
export type Problem = Loose<Schemas["ProblemView"], "hint">;

export type CandidateView = Nulls<
  Omit<Schemas["CandidateView"], "metrics" | "problems">,
  | "task"
  | "summary"
  | "response"
  | "program"
  | "parent"
  | "parentProgram"
  | "diff"
  | "reflection"
  | "failure"
  | "fitness"
  | "checkpoints"
  | "proposedAt"
  | "startedAt"
  | "finishedAt"
  | "exchange"
  | "worker"
  | "device"
  | "deviceReason"
> & { metrics: MetricPoint[]; problems: Problem[] };

/** The body of POST /api/searches; everything but `task` falls back to the server's defaults. */
export type CreateSearch = Partial<Omit<Schemas["CreateSearch"], "task" | "ppo" | "program" | "finetuneFrom">> & {
  task: string;
  program?: string | null;
  finetuneFrom?: string | null;
  ppo?: PpoDefaults;
};

export type Validation =
  | ({ valid: true } & Pick<Schemas["ValidateResponse"], "program" | "components">)
  | { valid: false; problems: Loose<Schemas["ValidationProblem"], "hint">[] };

export interface SearchFilter {
  task?: string;
  state?: string;
  page?: number;
  size?: number;
}

export function listSearches(filter: SearchFilter = {}): Promise<Page<SearchListItem>> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  const suffix = query.size > 0 ? `?${query}` : "";
  return request<Page<SearchListItem>>("GET", `/api/searches${suffix}`);
}

function searchPath(id: string): string {
  return `/api/searches/${encodeURIComponent(id)}`;
}

export function getSearch(id: string): Promise<SearchView> {
  return request<SearchView>("GET", searchPath(id));
}

export function createSearch(body: CreateSearch): Promise<SearchView> {
  return request<SearchView>("POST", "/api/searches", body);
}

export type SearchCommand = "pause" | "resume" | "cancel";

export function controlSearch(id: string, command: SearchCommand): Promise<SearchView> {
  return request<SearchView>("POST", `${searchPath(id)}/${command}`);
}

export function forkSearch(id: string, candidate: string): Promise<SearchView> {
  return request<SearchView>("POST", `${searchPath(id)}/fork`, { candidate });
}

export function getCandidate(id: string): Promise<CandidateView> {
  return request<CandidateView>("GET", `/api/candidates/${encodeURIComponent(id)}`);
}

/** Where the browser downloads a candidate's program as a .java file. */
export function programDownloadPath(id: string): string {
  return `/api/candidates/${encodeURIComponent(id)}/program`;
}

export function validateProgram(task: string, source: string): Promise<Validation> {
  return request<Validation>("POST", "/api/reward-programs/validate", { task, source });
}

// ---- LLM connections and exchanges (LlmResource.java) ----

/** A connection as an operator sees it: its name and default model; `configured` when it comes from REWARDSMITH_LLM_*. */
export type LlmConnectionName = Schemas["ConnectionName"];

/**
 * What the new-search form needs (GET /api/llm): whether any model is configured, the proposer a search gets by
 * default, the proposers a search may ask for, and the connections (empty for a viewer).
 */
export type LlmStatus = Schemas["Status"];

/**
 * One model exchange (GET /api/candidates/{id}/exchange): `request` is the Chat Completions request as sent (its
 * `messages`), or a string when it was not JSON; `response` is the raw answer text. ISO-8601 `createdAt`.
 */
export type ExchangeView = Nulls<
  Omit<Schemas["ExchangeView"], "request">,
  "connection" | "response" | "status" | "error"
> & { request: unknown };

export type IterationUsage = Schemas["IterationUsage"];

export type ExchangeSummary = Nulls<Schemas["ExchangeSummary"], "status" | "error">;

/** Tokens and cost per iteration, and every exchange of a search (GET /api/llm/searches/{id}/usage). */
export type SearchUsage = Omit<Schemas["SearchUsage"], "exchanges"> & { exchanges: ExchangeSummary[] };

export function getLlmStatus(): Promise<LlmStatus> {
  return request<LlmStatus>("GET", "/api/llm");
}

export function listLlmConnections(): Promise<LlmConnectionName[]> {
  return request<LlmConnectionName[]>("GET", "/api/llm/connections");
}

/** The candidate's model exchange, or null when it had none (the server answers 404). */
export async function getCandidateExchange(id: string): Promise<ExchangeView | null> {
  try {
    return await request<ExchangeView>("GET", `/api/candidates/${encodeURIComponent(id)}/exchange`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function getSearchUsage(id: string): Promise<SearchUsage> {
  return request<SearchUsage>("GET", `/api/llm/searches/${encodeURIComponent(id)}/usage`);
}

// ---- Rollouts, comparisons, votes, preferences, notes (RolloutResource, FeedbackResource, CandidateResource) ----

/** One step of a recorded episode: `components` are aligned with the rollout's `components` names (null if not finite). */
export interface RolloutStep {
  observation: number[];
  action: number | number[];
  reward: number | null;
  components: (number | null)[];
  state: unknown;
}

/** A recorded episode (GET /api/rollouts/{id}); `frames` are unchecked JSON for frame.ts's parseFrame, one per step. */
export interface Rollout {
  id: string;
  candidate: string;
  task: string;
  framesPerSecond: number;
  seed: number;
  fitness: number;
  components: string[];
  frames: unknown[];
  steps: RolloutStep[];
}

/** A rollout as its candidate lists it (GET /api/candidates/{id}/rollouts). */
export type RolloutSummary = Schemas["RolloutSummary"];

export type Choice = "left" | "right" | "tie";

/** One side of a pair: the candidate and its rollout on the pair's seed (null if it was not recorded). */
export type ComparisonSide = Nulls<Schemas["Side"], "rollout">;

/** A pair to judge (GET .../comparisons/next). Deliberately without fitness: voters judge behaviour. */
export type Comparison = Omit<Schemas["ComparisonView"], "left" | "right"> & {
  left: ComparisonSide;
  right: ComparisonSide;
};

/** Live votes on one comparison by choice. */
export type Tally = Schemas["Tally"];

export type VoteComment = Omit<Schemas["Comment"], "choice"> & { choice: Choice };

export type MyVote = Nulls<Omit<Schemas["MyVote"], "choice">, "comment"> & { choice: Choice };

/** A comparison as listed (GET .../comparisons): its live tally, the live comments and my vote. */
export type ComparisonSummary = Comparison &
  Pick<Schemas["ComparisonSummary"], "tally"> & { comments: VoteComment[]; myVote: MyVote | null };

/** My progress (GET .../comparisons/counts): pairs in the search, pairs I voted on, pairs left for me. */
export type VoteCounts = Schemas["Counts"];

export type VoteResult = Nulls<Omit<Schemas["VoteView"], "choice">, "comment"> & { choice: Choice };

/** A candidate's Bradley-Terry strength within its iteration, with its interval and vote counts. */
export type Preference = Schemas["PreferenceView"];

/** A team note on a candidate (it enters the next prompt when the candidate is selected). */
export type Note = Schemas["Note"];

/** The longest comment a vote may carry (VoteEvent.MAX_COMMENT); notes have the same limit. */
export const MAX_COMMENT = 2000;

export function getRollout(id: string): Promise<Rollout> {
  return request<Rollout>("GET", `/api/rollouts/${encodeURIComponent(id)}`);
}

export function listRollouts(candidate: string): Promise<RolloutSummary[]> {
  return request<RolloutSummary[]>("GET", `/api/candidates/${encodeURIComponent(candidate)}/rollouts`);
}

/** Where a rollout (or, `withRollout`, a pair side by side) downloads as an animated GIF or an MP4. */
export function exportPath(rollout: string, format: "gif" | "mp4", withRollout?: string): string {
  const query = withRollout === undefined ? "" : `?with=${encodeURIComponent(withRollout)}`;
  return `/api/rollouts/${encodeURIComponent(rollout)}/export.${format}${query}`;
}

/** The next pair I have no live vote on, passing over `skip`; null when none is left (204). */
export async function nextComparison(search: string, skip: readonly string[] = []): Promise<Comparison | null> {
  const query = skip.length > 0 ? `?skip=${skip.map(encodeURIComponent).join(",")}` : "";
  const pair = await request<Comparison | undefined>("GET", `${searchPath(search)}/comparisons/next${query}`);
  return pair ?? null;
}

export function getVoteCounts(search: string): Promise<VoteCounts> {
  return request<VoteCounts>("GET", `${searchPath(search)}/comparisons/counts`);
}

export function listComparisons(search: string, page = 0, size = 100): Promise<Page<ComparisonSummary>> {
  return request<Page<ComparisonSummary>>("GET", `${searchPath(search)}/comparisons?page=${page}&size=${size}`);
}

function votePath(search: string, comparison: string): string {
  return `${searchPath(search)}/comparisons/${encodeURIComponent(comparison)}/vote`;
}

export function castVote(search: string, comparison: string, choice: Choice, comment: string): Promise<VoteResult> {
  return request<VoteResult>("PUT", votePath(search, comparison), { choice, comment });
}

export function withdrawVote(search: string, comparison: string): Promise<void> {
  return request<void>("DELETE", votePath(search, comparison));
}

export function getPreferences(search: string): Promise<Preference[]> {
  return request<Preference[]>("GET", `${searchPath(search)}/preferences`);
}

export function listNotes(candidate: string): Promise<Note[]> {
  return request<Note[]>("GET", `/api/candidates/${encodeURIComponent(candidate)}/notes`);
}

export function addNote(candidate: string, text: string): Promise<Note> {
  return request<Note>("POST", `/api/candidates/${encodeURIComponent(candidate)}/notes`, { text });
}

/**
 * A reflection a search waited for before proposing `iteration` (Eureka-HF): the parent's automatic reflection
 * and, once written, a team member's text. ISO-8601 times.
 */
export type HumanReflection = Nulls<Schemas["ReflectionView"], "text" | "author" | "writtenAt">;

export function listReflections(search: string): Promise<HumanReflection[]> {
  return request<HumanReflection[]>("GET", `${searchPath(search)}/reflections`);
}

/** Writes the reflection the search waits for before proposing `iteration`; 409 when it does not wait for it. */
export function writeReflection(search: string, iteration: number, text: string): Promise<HumanReflection> {
  return request<HumanReflection>("POST", `${searchPath(search)}/reflections`, { iteration, text });
}
