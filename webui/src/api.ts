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
 * carry the CSRF header. Rejects with ApiError on a non-2xx status or when the server cannot be reached.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
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
