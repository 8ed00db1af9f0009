// The rollout player's pure logic: one clock for one or several episodes in lockstep, the timeline's scales, the
// voting page's keys and texts. No DOM here, so every number is checked by unit tests.
import type { Choice, Tally } from "./api";

/** Playback speeds offered, as multiples of the task's frame rate. */
export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4];

/** Longest wall-clock step a tick takes into account: after a hidden tab or a breakpoint, play on, do not jump. */
export const MAX_TICK_MS = 250;

/**
 * A playback clock over `length` frames at `fps` frames per second times `speed`. It is fed elapsed wall time
 * (requestAnimationFrame timestamps' differences) and keeps the remainder that did not make a whole frame, so
 * playback neither drifts nor depends on the display's refresh rate. Several players share one clock: each shows
 * `shownFrame(clock.frame, its length)`, so the shorter episode holds its last frame.
 */
export class PlayerClock {
  frame = 0;
  playing = false;
  speed = 1;
  /** Start over at the first frame after the last one, instead of stopping. */
  loop = false;
  /** Wall time (ms) accumulated towards the next frame. */
  private carry = 0;

  constructor(
    readonly fps: number,
    readonly length: number,
  ) {
    if (!(fps > 0)) throw new Error(`fps must be positive, got ${fps}`);
    if (!Number.isInteger(length) || length < 1) throw new Error(`length must be a positive integer, got ${length}`);
  }

  get last(): number {
    return this.length - 1;
  }

  /** Milliseconds one frame stays on screen at the current speed. */
  get frameMs(): number {
    return 1000 / (this.fps * this.speed);
  }

  /** Starts playing; from the first frame again when at the end. */
  play(): void {
    if (this.frame >= this.last) this.frame = 0;
    this.carry = 0;
    this.playing = this.length > 1;
  }

  pause(): void {
    this.playing = false;
    this.carry = 0;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Shows frame `index` (clamped); keeps playing if it was. */
  seek(index: number): void {
    this.frame = Math.min(this.last, Math.max(0, Math.round(index)));
    this.carry = 0;
  }

  /** One frame back or forward (`delta` frames); stepping pauses. */
  step(delta: number): void {
    this.pause();
    this.seek(this.frame + delta);
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error(`speed must be positive, got ${speed}`);
    this.speed = speed;
  }

  /** Advances by `elapsedMs` of wall time (capped at MAX_TICK_MS); returns whether the frame changed. */
  tick(elapsedMs: number): boolean {
    if (!this.playing) return false;
    this.carry += Math.min(MAX_TICK_MS, Math.max(0, elapsedMs));
    const frames = Math.floor(this.carry / this.frameMs + 1e-9);
    if (frames === 0) return false;
    this.carry -= frames * this.frameMs;
    const target = this.frame + frames;
    if (target <= this.last) {
      this.frame = target;
    } else if (this.loop) {
      this.frame = target % this.length;
    } else {
      this.frame = this.last;
      this.pause();
    }
    return true;
  }

  /** Seconds into the episode at the task's rate (speed does not change episode time). */
  get seconds(): number {
    return this.frame / this.fps;
  }
}

/** The frame an episode of `length` frames shows when the shared clock is at `frame`: it holds its last one. */
export function shownFrame(frame: number, length: number): number {
  return Math.min(frame, length - 1);
}

/** The clock of a group: as long as its longest episode, at the rate of the first (a pair is of one task). */
export function groupClock(fps: number, lengths: readonly number[]): PlayerClock {
  if (lengths.length === 0) throw new Error("a player group needs at least one episode");
  return new PlayerClock(fps, Math.max(...lengths));
}

// ---- Timeline ----

/** A lane's value range; a flat series gets a range around its value so it draws as a line in the middle. */
export function laneRange(values: readonly (number | null)[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return [-1, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 2;
    return [min - pad, max + pad];
  }
  return [min, max];
}

/** x of step `step`'s centre in a timeline `width` px wide over `steps` steps (each step one equal column). */
export function stepX(step: number, steps: number, width: number): number {
  return ((step + 0.5) * width) / steps;
}

/** The step under x (a click on the timeline), clamped to the episode. */
export function stepAtX(x: number, steps: number, width: number): number {
  if (width <= 0) return 0;
  return Math.min(steps - 1, Math.max(0, Math.floor((x / width) * steps)));
}

/** y of `value` in a lane from `top` to `top + height` (higher values up). */
export function laneY(value: number, range: readonly [number, number], top: number, height: number): number {
  const [min, max] = range;
  return top + height - ((value - min) / (max - min)) * height;
}

/** The timeline's series: the total reward first, then each component, as columns over the steps. */
export function timelineSeries(
  names: readonly string[],
  steps: readonly { reward: number | null; components: readonly (number | null)[] }[],
): { name: string; values: (number | null)[] }[] {
  return [
    { name: "total", values: steps.map((s) => s.reward) },
    ...names.map((name, i) => ({ name, values: steps.map((s) => s.components[i] ?? null) })),
  ];
}

// ---- The voting page ----

export type VoteAction = Choice | "skip" | "toggle";

/** What a key does on the voting page; null when it is not a shortcut or the user is typing. */
export function voteAction(key: string, typing: boolean, modified: boolean): VoteAction | null {
  if (typing || modified) return null;
  switch (key) {
    case "ArrowLeft":
      return "left";
    case "ArrowRight":
      return "right";
    case "ArrowDown":
    case "t":
    case "T":
      return "tie";
    case "s":
    case "S":
      return "skip";
    case " ":
      return "toggle";
    default:
      return null;
  }
}

/** Whether keys typed into `element` are text (the comment box, any input), not shortcuts. */
export function isTyping(element: Element | null): boolean {
  if (element === null) return false;
  const tag = element.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (element as HTMLInputElement).type;
    return !["button", "checkbox", "radio", "range", "submit", "reset"].includes(type);
  }
  return (element as HTMLElement).isContentEditable === true;
}

export function pairsLeftText(left: number): string {
  if (left === 0) return "No pairs left for you";
  return `${left} ${left === 1 ? "pair" : "pairs"} left for you`;
}

/** "2 left · 1 right · 1 tie", or "no votes yet". */
export function tallyText(tally: Tally): string {
  if (tally.left + tally.right + tally.tie === 0) return "no votes yet";
  return `${tally.left} left \u00b7 ${tally.right} right \u00b7 ${tally.tie} ${tally.tie === 1 ? "tie" : "ties"}`;
}

/** "7 of 2000", the comment box's counter. */
export function counterText(length: number, max: number): string {
  return `${length} of ${max}`;
}

/** "3 wins · 1 loss · 2 ties". */
export function recordText(wins: number, losses: number, ties: number): string {
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  return `${plural(wins, "win", "wins")} \u00b7 ${plural(losses, "loss", "losses")} \u00b7 ${plural(ties, "tie", "ties")}`;
}

/** The label of a speed in the selector: "0.25×", "1×". */
export function speedLabel(speed: number): string {
  return `${speed}\u00d7`;
}
