// Typed calls to the Rewardsmith REST API: every response type is written once here, and every failure is an
// ApiError carrying the HTTP status and the server's reason, so pages can show it inline.

/** The four roles of DESIGN.md section 14, weakest last. */
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

/** A failed API call: `status` is the HTTP status (0 without an answer), `reason` says what went wrong. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, reason: string) {
    super(`${status}: ${reason}`);
    this.name = "ApiError";
    this.status = status;
    this.reason = reason;
  }
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
  if (!response.ok) throw new ApiError(response.status, reasonOf(response, text));
  if (text === "") return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) return text as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, "The server sent a malformed JSON answer.");
  }
}

/** The server's `{"reason": ...}` if the body has one, else the status text, else a generic phrase. */
function reasonOf(response: Response, text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && "reason" in parsed) {
      const reason = (parsed as { reason: unknown }).reason;
      if (typeof reason === "string" && reason.trim() !== "") return reason;
    }
  } catch {
    // Not JSON (an HTML error page or empty body): fall back to the status line.
  }
  return response.statusText || `Request failed with status ${response.status}`;
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
