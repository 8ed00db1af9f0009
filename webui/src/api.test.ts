import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, createToken, listTokens, me, parseErrorBody, readCookie, request, revokeToken } from "./api";
import type { Token } from "./api";

type FetchArgs = [string, RequestInit];

function json(status: number, body: unknown, statusText = ""): Response {
  return new Response(JSON.stringify(body), { status, statusText, headers: { "Content-Type": "application/json" } });
}

function clearCookies(): void {
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0].trim();
    if (name !== "") document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

let fetchMock: ReturnType<typeof vi.fn>;

function lastCall(): FetchArgs {
  expect(fetchMock).toHaveBeenCalledTimes(1);
  return fetchMock.mock.calls[0] as FetchArgs;
}

function headersOf(init: RequestInit): Record<string, string> {
  return init.headers as Record<string, string>;
}

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
  clearCookies();
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearCookies();
});

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("rs-csrf", "a=1; rs-csrf=abc%2F%3D; b=2")).toBe("abc/=");
  });

  it("does not match a cookie whose name only ends with the wanted name", () => {
    expect(readCookie("rs-csrf", "xrs-csrf=wrong; rs-csrf=right")).toBe("right");
    expect(readCookie("rs-csrf", "xrs-csrf=wrong")).toBeNull();
  });

  it("returns null for an empty cookie string and keeps an undecodable value as is", () => {
    expect(readCookie("rs-csrf", "")).toBeNull();
    expect(readCookie("rs-csrf", "rs-csrf=%E0%A4%A")).toBe("%E0%A4%A");
  });

  it("keeps '=' inside the value", () => {
    expect(readCookie("t", "t=a=b==")).toBe("a=b==");
  });

  it("reads document.cookie by default", () => {
    document.cookie = "rs-csrf=from-document; path=/";
    expect(readCookie("rs-csrf")).toBe("from-document");
  });
});

describe("request", () => {
  it("GET sends credentials and Accept but neither a body nor the CSRF header", async () => {
    document.cookie = "rs-csrf=secret123; path=/";
    fetchMock.mockResolvedValue(json(200, { name: "ada", role: "operator" }));

    const result = await me();

    expect(result).toEqual({ name: "ada", role: "operator" });
    const [url, init] = lastCall();
    expect(url).toBe("/api/me");
    expect(init.method).toBe("GET");
    expect(init.credentials).toBe("same-origin");
    expect(init.body).toBeUndefined();
    expect(headersOf(init)).toEqual({ Accept: "application/json" });
  });

  it("POST sends JSON and echoes the rs-csrf cookie in X-CSRF-Token", async () => {
    document.cookie = "other=1; path=/";
    document.cookie = "rs-csrf=tok%2Ben; path=/";
    const created = { id: "t1", name: "ci", token: "rs_secret", expiresAt: "2026-12-22T03:00:00Z" };
    fetchMock.mockResolvedValue(json(201, created));

    const result = await createToken("ci", 30);

    expect(result).toEqual(created);
    const [url, init] = lastCall();
    expect(url).toBe("/api/tokens");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect(init.body).toBe('{"name":"ci","expiresInDays":30}');
    expect(headersOf(init)).toEqual({
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-CSRF-Token": "tok+en",
    });
  });

  it.each(["PUT", "PATCH", "DELETE"] as const)("%s carries the CSRF header too", async (method) => {
    document.cookie = "rs-csrf=c5; path=/";
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));

    await request<void>(method, "/api/x");

    expect(headersOf(lastCall()[1])["X-CSRF-Token"]).toBe("c5");
  });

  it("POST without the cookie sends no CSRF header (the server then answers with its reason)", async () => {
    fetchMock.mockResolvedValue(json(201, {}));

    await request("POST", "/api/x", { a: 1 });

    expect(headersOf(lastCall()[1])).toEqual({ Accept: "application/json", "Content-Type": "application/json" });
  });

  it("revokeToken sends DELETE to the escaped id and resolves to undefined on 204", async () => {
    document.cookie = "rs-csrf=c6; path=/";
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));

    await expect(revokeToken("a/b c")).resolves.toBeUndefined();

    const [url, init] = lastCall();
    expect(url).toBe("/api/tokens/a%2Fb%20c");
    expect(init.method).toBe("DELETE");
    expect(init.body).toBeUndefined();
    expect(headersOf(init)["X-CSRF-Token"]).toBe("c6");
  });

  it("listTokens returns the array as sent", async () => {
    const tokens: Token[] = [
      {
        id: "1",
        name: "ci",
        createdAt: "2026-11-01T00:00:00Z",
        expiresAt: "2026-12-01T00:00:00Z",
        lastUsedAt: null,
        revoked: false,
        role: "admin",
      },
    ];
    fetchMock.mockResolvedValue(json(200, tokens));

    await expect(listTokens()).resolves.toEqual(tokens);
    expect(lastCall()[0]).toBe("/api/tokens");
  });

  it("returns text for a non-JSON answer", async () => {
    fetchMock.mockResolvedValue(
      new Response("reward = 1;", { status: 200, headers: { "Content-Type": "text/plain" } }),
    );

    await expect(request<string>("GET", "/api/tasks/cartpole/context")).resolves.toBe("reward = 1;");
  });
});

describe("ApiError", () => {
  async function failure(response: Response): Promise<ApiError> {
    fetchMock.mockResolvedValue(response);
    try {
      await listTokens();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      return error as ApiError;
    }
    throw new Error("the request did not fail");
  }

  it("carries the status and the server's reason", async () => {
    const error = await failure(json(400, { reason: "name: must not be blank" }, "Bad Request"));

    expect(error.status).toBe(400);
    expect(error.reason).toBe("name: must not be blank");
    expect(error.message).toBe("400: name: must not be blank");
    expect(error.name).toBe("ApiError");
    expect(error).toBeInstanceOf(Error);
  });

  it("carries the field and problems of an error body that names them", async () => {
    const problems = [{ stage: "compile", line: 3, column: 7, message: "cannot find symbol" }];
    const error = await failure(
      json(400, { reason: "program: does not compile", field: "program", problems }, "Bad Request"),
    );

    expect(error.status).toBe(400);
    expect(error.reason).toBe("program: does not compile");
    expect(error.field).toBe("program");
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe("400: program: does not compile");
  });

  it("has neither field nor problems when the body has only a reason", async () => {
    const error = await failure(json(400, { reason: "samples: must be at most 64" }, "Bad Request"));

    expect(error.reason).toBe("samples: must be at most 64");
    expect(error.field).toBeUndefined();
    expect(error.problems).toBeUndefined();
  });

  it("carries a nested field as the server names it", async () => {
    const error = await failure(json(400, { reason: "must be positive", field: "ppo.numEnvs" }, "Bad Request"));

    expect(error.reason).toBe("must be positive");
    expect(error.field).toBe("ppo.numEnvs");
  });

  it("falls back to the status text when the body is not JSON", async () => {
    const error = await failure(new Response("<html>oops</html>", { status: 502, statusText: "Bad Gateway" }));

    expect(error.status).toBe(502);
    expect(error.reason).toBe("Bad Gateway");
  });

  it("falls back to the status text when the JSON has no usable reason", async () => {
    expect((await failure(json(403, { error: "x" }, "Forbidden"))).reason).toBe("Forbidden");
    expect((await failure(json(403, { reason: "  " }, "Forbidden"))).reason).toBe("Forbidden");
    expect((await failure(json(403, { reason: 7 }, "Forbidden"))).reason).toBe("Forbidden");
    expect((await failure(json(403, null, "Forbidden"))).reason).toBe("Forbidden");
  });

  it("names the status when there is neither a reason nor a status text", async () => {
    const error = await failure(new Response("", { status: 401 }));

    expect(error.status).toBe(401);
    expect(error.reason).toBe("Request failed with status 401");
  });

  it("has status 0 when the server cannot be reached", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));

    const error = await listTokens().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).reason).toBe("Could not reach the server. Check your connection and try again.");
  });

  it("reports a malformed JSON answer on a 2xx status", async () => {
    const error = await failure(
      new Response("{not json", { status: 200, headers: { "Content-Type": "application/json" } }),
    );

    expect(error.status).toBe(200);
    expect(error.reason).toBe("The server sent a malformed JSON answer.");
  });
});

describe("parseErrorBody", () => {
  it("reads the reason, the field and the problems", () => {
    expect(
      parseErrorBody(
        '{"reason":"bad","field":"samples","problems":[{"stage":"parse","line":1,"column":2,"message":"x"}]}',
      ),
    ).toEqual({ reason: "bad", field: "samples", problems: [{ stage: "parse", line: 1, column: 2, message: "x" }] });
    expect(parseErrorBody('{"reason":"bad"}')).toEqual({ reason: "bad" });
  });

  it("leaves out a blank or non-string field and malformed problems", () => {
    expect(parseErrorBody('{"reason":"bad","field":" "}')).toEqual({ reason: "bad" });
    expect(parseErrorBody('{"reason":"bad","field":3}')).toEqual({ reason: "bad" });
    expect(
      parseErrorBody('{"reason":"bad","problems":[{"stage":"parse","line":"1","column":2,"message":"x"},7]}'),
    ).toEqual({ reason: "bad", problems: [] });
  });

  it("is null without a usable reason", () => {
    expect(parseErrorBody("<html>oops</html>")).toBeNull();
    expect(parseErrorBody("")).toBeNull();
    expect(parseErrorBody("null")).toBeNull();
    expect(parseErrorBody('{"field":"samples"}')).toBeNull();
    expect(parseErrorBody('{"reason":"  ","field":"samples"}')).toBeNull();
  });
});
