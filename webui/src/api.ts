// Typed calls to the Rewardsmith REST API: every response type is written once here, and every failure is an
// ApiError carrying the HTTP status and the server's reason, so pages can show it inline.
import type { CandidateState, Proposer, SearchState, SelectionMode } from "./vocabulary";

/** The four roles (docs/architecture.md), weakest last. */
export type Role = "admin" | "operator" | "voter" | "viewer";

/** The signed-in user (GET /api/me). */
export interface Me {
  name: string;
  role: Role;
}

/** An API token as listed; the secret itself is never listed (GET /api/tokens). ISO-8601 times. */
export interface Token {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

/** A token just created (POST /api/tokens): `token` is the secret, shown once and never again. */
export interface CreatedToken {
  id: string;
  name: string;
  token: string;
  expiresAt: string;
}

/** An action space: `n` choices, or a box of real vectors with per-dimension bounds. */
export type ActionSpace = { type: "discrete"; n: number } | { type: "continuous"; low: number[]; high: number[] };

/** A task as listed (GET /api/tasks). */
export interface TaskSummary {
  id: string;
  description: string;
  observationSize: number;
  action: ActionSpace;
  episodeLength: number;
  fitnessThreshold: number;
  stateType: string;
}

/** PPO hyper-parameters by name (totalTimesteps, learningRate, numEnvs, gamma, hidden, ...). */
export type PpoDefaults = Record<string, number | boolean | number[]>;

/** One task in full (GET /api/tasks/{id}). */
export interface TaskDetail extends TaskSummary {
  framesPerSecond: number;
  ppoDefaults: PpoDefaults;
}

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
export interface ErrorBody {
  reason: string;
  field?: string;
  problems?: Problem[];
}

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

export interface Best {
  candidate: string;
  fitness: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cost: number;
}

export interface Budget {
  samples: number;
  iterations: number;
  restarts: number;
  evalSeeds: number;
  seed: number;
  humanInit: boolean;
  /** The candidate whose checkpoint every training starts from (curriculum fine-tuning), or null. */
  finetuneFrom?: string | null;
  ppo: PpoDefaults;
}

export interface PreferenceSettings {
  votes: number;
  timeoutSeconds: number;
  weight: number;
}

export interface Progress {
  restart: number;
  iteration: number;
  iterations: number;
  candidatesDone: number;
  candidates: number;
}

/** A candidate as a search lists it (and, with `attempt`, as the live stream announces it). */
export interface CandidateSummary {
  id: string;
  restart: number;
  iteration: number;
  index: number;
  state: CandidateState;
  origin: string;
  summary: string | null;
  fitness: number | null;
  components: string[];
  problem: string | null;
  failure: string | null;
  /** The candidate it was proposed from (the previous iteration's chosen one); null in iteration 0. */
  parent?: string | null;
  attempt?: number;
}

export interface IterationView {
  index: number;
  restart: number;
  /**
   * The next iteration's parent once the iteration is over; before that the best so far with fitness selection,
   * null with preference or mixed selection (the team's votes decide).
   */
  selected: string | null;
  candidates: CandidateSummary[];
}

export interface SearchView {
  id: string;
  task: string;
  proposer: Proposer;
  selection: SelectionMode;
  state: SearchState;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  forkedFrom: string | null;
  budget: Budget;
  /** How votes steer a preference or mixed search (SearchSpec.Preference); null with fitness selection. */
  preference?: PreferenceSettings | null;
  progress: Progress | null;
  iterations: IterationView[];
  best: Best | null;
  evaluation: Evaluation | null;
  usage: Usage;
}

/** F of one reward over the evaluation's seeds (Evaluation.java's Spread): sd is the sample deviation. */
export interface Spread {
  mean: number;
  sd: number;
  values: number[];
}

/**
 * The final evaluation (Evaluation.java): the best, human and sparse rewards each trained with the same seeds and
 * the full PPO budget. `hns` is null when undefined (then `hnsNote` says why); `bestFromScratch` is present only
 * when the search fine-tunes from a checkpoint.
 */
export interface Evaluation {
  best: Spread;
  human: Spread;
  sparse: Spread;
  bestFromScratch: Spread | null;
  hns: number | null;
  hnsClipped: number | null;
  hnsNote: string | null;
  correlation: number | null;
  correlationSteps: number;
  candidate: string;
  seconds: number;
  cachedTrainings: number;
}

export interface SearchListItem {
  id: string;
  task: string;
  proposer: Proposer;
  state: SearchState;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  samples: number;
  iterations: number;
  best: Best | null;
  /** The human reward's mean F from the final evaluation; null before it. */
  humanFitness?: number | null;
  /** The evaluation's human-normalized score; null before it or when undefined. */
  hns?: number | null;
  usage: Usage;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

/** One epoch of one training; null where no episode finished in the epoch. */
export interface MetricPoint {
  epoch: number;
  globalStep: number;
  stepsPerSecond: number | null;
  episodicReturn: number | null;
  episodeLength: number | null;
  fitness: number | null;
  components: Record<string, number | null>;
  humanReward: number | null;
  policyLoss?: number | null;
  valueLoss?: number | null;
  entropy?: number | null;
  approxKl?: number | null;
  clipFraction?: number | null;
  learningRate?: number | null;
}

/** A problem the compiler found: `line` and `column` count from 1 in the program's source. */
export interface Problem {
  stage: string;
  line: number;
  column: number;
  message: string;
}

export interface CandidateView {
  id: string;
  search: string;
  task: string | null;
  restart: number;
  iteration: number;
  index: number;
  round: number;
  state: CandidateState;
  origin: string;
  summary: string | null;
  response: string | null;
  program: string | null;
  parent: string | null;
  parentProgram: string | null;
  diff: string | null;
  components: string[];
  problems: Problem[];
  reflection: string | null;
  failure: string | null;
  fitness: number | null;
  checkpoints: number[] | null;
  attempt: number;
  promptTokens: number;
  completionTokens: number;
  proposedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  metrics: MetricPoint[];
}

/** The body of POST /api/searches; everything but `task` falls back to the server's defaults. */
export interface CreateSearch {
  task: string;
  proposer?: Proposer;
  samples?: number;
  iterations?: number;
  restarts?: number;
  evalSeeds?: number;
  seed?: number;
  selection?: SelectionMode;
  humanInit?: boolean;
  program?: string | null;
  finetuneFrom?: string | null;
  ppo?: Record<string, number | boolean | number[]>;
  /** llm only: the named connection (the server's default when absent) and a model overriding the connection's. */
  connection?: string;
  model?: string;
  /** llm only: caps on the search's prompt + completion tokens and on its cost; the search ends "budget exhausted". */
  tokenBudget?: number;
  costBudget?: number;
  /** replay only: the id of the search whose stored exchanges are replayed. */
  replayOf?: string;
}

export type Validation = { valid: true; program: string; components: string[] } | { valid: false; problems: Problem[] };

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
export interface LlmConnectionName {
  name: string;
  model: string;
  configured: boolean;
}

/**
 * What the new-search form needs (GET /api/llm): whether any model is configured, the proposer a search gets by
 * default, the proposers a search may ask for, and the connections (empty for a viewer).
 */
export interface LlmStatus {
  configured: boolean;
  defaultProposer: Proposer;
  proposers: Proposer[];
  connections: LlmConnectionName[];
}

/**
 * One model exchange (GET /api/candidates/{id}/exchange): `request` is the Chat Completions request as sent (its
 * `messages`), or a string when it was not JSON; `response` is the raw answer text. ISO-8601 `createdAt`.
 */
export interface ExchangeView {
  id: string;
  search: string;
  restart: number;
  iteration: number;
  round: number;
  connection: string | null;
  model: string;
  request: unknown;
  response: string | null;
  status: number | null;
  error: string | null;
  choices: number;
  finishReasons: string[];
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  cost: number;
  latencyMillis: number;
  attempts: number;
  createdAt: string;
}

export interface IterationUsage {
  restart: number;
  iteration: number;
  exchanges: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
}

export interface ExchangeSummary {
  id: string;
  restart: number;
  iteration: number;
  round: number;
  model: string;
  status: number | null;
  error: string | null;
  choices: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  latencyMillis: number;
  createdAt: string;
}

/** Tokens and cost per iteration, and every exchange of a search (GET /api/llm/searches/{id}/usage). */
export interface SearchUsage {
  iterations: IterationUsage[];
  exchanges: ExchangeSummary[];
}

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
export interface RolloutSummary {
  id: string;
  seed: number;
  steps: number;
  fitness: number;
}

export type Choice = "left" | "right" | "tie";

/** One side of a pair: the candidate and its rollout on the pair's seed (null if it was not recorded). */
export interface ComparisonSide {
  candidate: string;
  rollout: string | null;
}

/** A pair to judge (GET .../comparisons/next). Deliberately without fitness: voters judge behaviour. */
export interface Comparison {
  id: string;
  restart: number;
  iteration: number;
  seed: number;
  left: ComparisonSide;
  right: ComparisonSide;
}

/** Live votes on one comparison by choice. */
export interface Tally {
  left: number;
  right: number;
  tie: number;
}

export interface VoteComment {
  voter: string;
  choice: Choice;
  comment: string;
  at: string;
}

export interface MyVote {
  choice: Choice;
  comment: string | null;
  at: string;
}

/** A comparison as listed (GET .../comparisons): its live tally, the live comments and my vote. */
export interface ComparisonSummary extends Comparison {
  tally: Tally;
  comments: VoteComment[];
  myVote: MyVote | null;
}

/** My progress (GET .../comparisons/counts): pairs in the search, pairs I voted on, pairs left for me. */
export interface VoteCounts {
  total: number;
  voted: number;
  left: number;
}

export interface VoteResult {
  comparison: string;
  choice: Choice;
  comment: string | null;
  liveVotes: number;
}

/** A candidate's Bradley-Terry strength within its iteration, with its interval and vote counts. */
export interface Preference {
  candidate: string;
  restart: number;
  iteration: number;
  strength: number;
  low: number;
  high: number;
  wins: number;
  losses: number;
  ties: number;
}

/** A team note on a candidate (it enters the next prompt when the candidate is selected). */
export interface Note {
  author: string;
  text: string;
  createdAt: string;
}

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
