// The words the server and the UI share, each list written once: proposers, selection modes, search states and
// candidate states. Pages use these lists and predicates instead of their own literals.
import type { components } from "./api.gen";

/** The proposers a search may use, in the order the new-search form offers them. */
export const PROPOSERS = ["offline", "human", "llm", "replay"] as const;
export type Proposer = (typeof PROPOSERS)[number];

/** How an iteration's parent is chosen: by F, by the team's votes, or by both. */
export const SELECTION_MODES = ["fitness", "preference", "mixed"] as const;
export type SelectionMode = (typeof SELECTION_MODES)[number];

/**
 * Who writes the reflection the next iteration reads (Eureka-HF): the search alone, or a team member after the
 * automatic reflection (`add`) or instead of it (`replace`).
 */
export const REFLECTION_MODES = ["off", "add", "replace"] as const;
export type ReflectionMode = (typeof REFLECTION_MODES)[number];

/** Search states, in the order a search usually goes through them; the last four are final. */
export const SEARCH_STATES = [
  "queued",
  "running",
  "paused",
  "awaiting-votes",
  "awaiting-reflection",
  "evaluating",
  "done",
  "failed",
  "cancelled",
  "budget-exhausted",
] as const;
export type SearchState = (typeof SEARCH_STATES)[number];

/** The states a search never leaves. */
export const FINISHED_SEARCH_STATES = [
  "done",
  "failed",
  "cancelled",
  "budget-exhausted",
] as const satisfies readonly SearchState[];

/** Candidate states; done, rejected and failed are terminal. */
export const CANDIDATE_STATES = ["proposed", "rejected", "queued", "training", "done", "failed"] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

/** The states a candidate never leaves. */
export const TERMINAL_CANDIDATE_STATES = ["done", "rejected", "failed"] as const satisfies readonly CandidateState[];

/** The states of a candidate whose training has begun (so it may have metric curves). */
export const TRAINED_CANDIDATE_STATES = ["training", "done", "failed"] as const satisfies readonly CandidateState[];

function member<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function isProposer(value: string): value is Proposer {
  return member(PROPOSERS, value);
}

export function isReflectionMode(value: string): value is ReflectionMode {
  return member(REFLECTION_MODES, value);
}

export function isSelectionMode(value: string): value is SelectionMode {
  return member(SELECTION_MODES, value);
}

export function isSearchState(value: string): value is SearchState {
  return member(SEARCH_STATES, value);
}

export function isCandidateState(value: string): value is CandidateState {
  return member(CANDIDATE_STATES, value);
}

/** Whether a search in `state` is over (nothing more will happen to it). */
export function isFinishedSearch(state: string): boolean {
  return member(FINISHED_SEARCH_STATES, state);
}

/** Whether a candidate in `state` is over: done, rejected or failed. */
export function isTerminalCandidate(state: string): boolean {
  return member(TERMINAL_CANDIDATE_STATES, state);
}

/** Whether a candidate in `state` has started training (training, done or failed). */
export function hasTrained(state: string): boolean {
  return member(TRAINED_CANDIDATE_STATES, state);
}

// The server's OpenAPI document lists the same words (openapi.json, by their labels): the build fails here when
// the two drift apart, in either direction.
type Schemas = components["schemas"];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type VocabularyMatchesServer = Holds<
  Same<Proposer, Schemas["ProposerKind"]> &
    Same<SelectionMode, Schemas["SelectionMode"]> &
    Same<SearchState, Schemas["SearchState"]> &
    Same<CandidateState, Schemas["CandidateState"]>
>;
