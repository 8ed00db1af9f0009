// How the team's votes steer a search, as the search page says it: the selection mode, the wait for votes of a
// preference or mixed search (votes cast, votes still needed) and the mark on the candidate the votes chose.
import type { PreferenceSettings, Preference } from "./api";

/** Live votes on one iteration's pairs: each vote adds one win and one loss, or a tie to both sides. */
export function votesOnIteration(prefs: readonly Preference[], restart: number, iteration: number): number {
  let sides = 0;
  for (const p of prefs) {
    if (p.restart === restart && p.iteration === iteration) sides += p.wins + p.losses + p.ties;
  }
  return Math.floor(sides / 2);
}

/** "10 min", "90 s", "1 h 30 min". */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds % 60 !== 0 && seconds < 600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** The summary's "Selection" fact: what picks each iteration's parent. */
export function selectionText(selection: string, preference: PreferenceSettings | null | undefined): string {
  if (selection === "fitness" || !preference) return "by fitness F";
  const wait = `waits for ${preference.votes} ${preference.votes === 1 ? "vote" : "votes"} or ${durationText(preference.timeoutSeconds)}`;
  if (selection === "mixed") {
    return `mixed: ${formatShare(preference.weight)} F, ${formatShare(1 - preference.weight)} team votes \u00b7 ${wait}`;
  }
  return `by team votes (${selection}) \u00b7 ${wait}`;
}

function formatShare(weight: number): string {
  return `${Math.round(weight * 100)}%`;
}

/** The prompt of an iteration waiting for votes: "2 of 3 votes on iteration 1 · 1 more needed". */
export function awaitingText(votes: number, threshold: number, iteration: number): string {
  const needed = Math.max(0, threshold - votes);
  return (
    `${votes} of ${threshold} ${threshold === 1 ? "vote" : "votes"} on iteration ${iteration + 1} \u00b7 ` +
    (needed === 0 ? "enough votes: the search goes on" : `${needed} more ${needed === 1 ? "vote" : "votes"} needed`)
  );
}

/** The mark on an iteration's chosen candidate: what chose it. */
export function chosenLabel(selection: string, best: boolean): { text: string; title: string; by: string } {
  if (selection === "preference")
    return { text: "chosen by team votes", title: "The team\u2019s votes made it the next parent", by: "votes" };
  if (selection === "mixed")
    return { text: "chosen by votes and F", title: "Votes and fitness together made it the next parent", by: "mixed" };
  return { text: best ? "best" : "selected", title: "The iteration\u2019s best", by: "fitness" };
}
