/**
 * The reward language (see docs/architecture.md, The reward language): a restricted Java method {@code double
 * reward(<Task>State s, Components c)} with static helpers and constants, and optionally {@code double
 * potential(<Task>State s)} for potential-based shaping ({@link dev.rewardsmith.reward.PotentialShaping}),
 * validated by whitelist, compiled to the JVM with Janino and emitted as CUDA C (without a potential).
 *
 * <p>Decisions where the design left a choice, identical on the JVM and in C:
 * <ul>
 *   <li>Array reads {@code s.arr[i]} are accepted only when the index is provably in range (a constant, a loop
 *       variable, {@code final int} constants, and {@code + - *} of those); anything else is rejected, never
 *       clamped.</li>
 *   <li>Dividing an int by an int is rejected with a fix hint (divide as double); int {@code %} and {@code
 *       Math.floorMod} need a constant divisor other than 0 and -1 (no trap, no overflow); double division follows
 *       IEEE and a non-finite result fails the candidate through {@link dev.rewardsmith.reward.GuardedReward}.</li>
 *   <li>Int arithmetic wraps (C goes through unsigned); casts are {@code (double)}, {@code (float)} (read as
 *       double) and {@code (int)} with Java's rule (NaN is 0, out of range saturates), spelled out in C.</li>
 *   <li>{@code var} takes its value's type; float literals and locals are read as the double of the same digits
 *       ({@code 0.1f} is 0.1).</li>
 *   <li>Arrays are the state's: {@code double[] q = s.arr} is a read-only alias, a helper's {@code double[]}
 *       parameter takes one length from its calls, for-each runs the array's length.</li>
 *   <li>Helpers may take the state view and the components; the caller passes its own, so {@code c.put} in a
 *       helper records into the same components, indexed by first appearance in the source. A void helper is
 *       called as a statement.</li>
 *   <li>Class constants ({@code static final} double, int, boolean) are declared, with their values, at the start
 *       of each emitted method that uses them.</li>
 *   <li>{@code Double.isNaN/isFinite/isInfinite} and {@code Math.copySign} are the program's own helpers on both
 *       targets ({@code copySign} treats a NaN sign as positive).</li>
 *   <li>{@code Math.round} is typed double: {@code floor(x)}, plus 1 when {@code x - floor(x) >= 0.5}. {@code
 *       Math.abs/min/max/clamp} stay int for int arguments; {@code clamp(v, lo, hi)} is {@code min(max(v, lo),
 *       hi)} and never throws; min/max propagate NaN and order -0.0 below 0.0 as Java does.</li>
 *   <li>A local declared without a value starts at 0 / false.</li>
 *   <li>Loops: {@code for (int i = A; i < B; i++)} (also {@code <=, >, >=}, {@code i--}, {@code i += k}) with
 *       constants, at most 64 iterations; the whole program must stay under 200,000 estimated operations per
 *       evaluation (nested loops and helper calls multiplied out), so no accepted program can hang.</li>
 *   <li>Literals are finite and at most 1e12 in magnitude; long literals are rejected.</li>
 *   <li>Component names are literal identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 64 characters), at
 *       most 16 per program, indexed by first appearance; booleans are 0/1 ints in C.</li>
 * </ul>
 */
package dev.rewardsmith.reward;
