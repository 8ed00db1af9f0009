// A stand-in for CanvasRenderingContext2D in unit tests (jsdom has no canvas): it records every call and every
// style assignment in order, so tests can check the exact coordinates a drawing produced.

export type Call = [string, ...unknown[]];

const METHODS = [
  "arc",
  "beginPath",
  "clearRect",
  "closePath",
  "fill",
  "fillRect",
  "fillText",
  "lineTo",
  "moveTo",
  "restore",
  "rotate",
  "save",
  "scale",
  "setTransform",
  "stroke",
  "strokeText",
  "transform",
  "translate",
] as const;

const PROPERTIES = [
  "fillStyle",
  "strokeStyle",
  "lineWidth",
  "lineCap",
  "lineJoin",
  "font",
  "textAlign",
  "textBaseline",
] as const;

/** A recording context and its log: calls as [method, ...args], assignments as ["set", property, value]. */
export function recordingContext(): { ctx: CanvasRenderingContext2D; calls: Call[] } {
  const calls: Call[] = [];
  const target: Record<string, unknown> = {};
  for (const name of METHODS) target[name] = (...args: unknown[]) => void calls.push([name, ...args]);
  for (const name of PROPERTIES) {
    let value: unknown;
    Object.defineProperty(target, name, {
      get: () => value,
      set: (v: unknown) => {
        value = v;
        calls.push(["set", name, v]);
      },
    });
  }
  return { ctx: target as unknown as CanvasRenderingContext2D, calls };
}
