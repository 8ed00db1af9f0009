/**
 * The reward language (see docs/architecture.md, The reward language): a restricted Java method {@code double
 * reward(<Task>State s, Components c)} with static helpers, validated by whitelist, compiled to the JVM with Janino
 * and emitted as CUDA C.
 *
 * <p>Decisions where the design left a choice, identical on the JVM and in C:
 * <ul>
 *   <li>Array reads {@code s.arr[i]} are accepted only when the index is provably in range (a constant, a loop
 *       variable, {@code final int} constants, and {@code + - *} of those); anything else is rejected, never
 *       clamped.</li>
 *   <li>Int {@code /} and {@code %} need a constant divisor other than 0 and -1 (no trap, no overflow); double
 *       division follows IEEE and a non-finite result fails the candidate through {@link
 *       dev.rewardsmith.reward.GuardedReward}.</li>
 *   <li>Int arithmetic wraps (C goes through unsigned); casts are only {@code (double)}.</li>
 *   <li>{@code Math.round} is typed double: {@code floor(x)}, plus 1 when {@code x - floor(x) >= 0.5}. {@code
 *       Math.abs/min/max/clamp} stay int for int arguments; {@code clamp(v, lo, hi)} is {@code min(max(v, lo),
 *       hi)} and never throws; min/max propagate NaN and order -0.0 below 0.0 as Java does.</li>
 *   <li>A local declared without a value starts at 0 / false.</li>
 *   <li>Loops: {@code for (int i = A; i < B; i++)} (also {@code <=, >, >=}, {@code i--}, {@code i += k}) with
 *       constants, at most 64 iterations; the whole program must stay under 200,000 estimated operations per
 *       evaluation (nested loops and helper calls multiplied out), so no accepted program can hang.</li>
 *   <li>Literals are finite and at most 1e12 in magnitude; float and long literals are rejected.</li>
 *   <li>Component names are literal identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 64 characters), at
 *       most 16 per program, indexed by first appearance; booleans are 0/1 ints in C.</li>
 * </ul>
 */
package dev.rewardsmith.reward;
