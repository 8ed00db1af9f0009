package dev.rewardsmith.cli;

import java.util.Arrays;

/**
 * Runs the {@code search} command {@code rounds} times in one JVM (the first warms the JIT up), for profiling a
 * search as the server runs it (SearchRun, the in-process pool, compiled rewards, metrics, checkpoints) with
 * JFR: {@code java -XX:StartFlightRecording:filename=search.jfr,settings=profile ... SearchProfile 2 --task
 * cartpole --samples 1 --iterations 1}. bench/README.md has the breakdown this gave.
 */
public final class SearchProfile {

    private SearchProfile() {}

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        String[] search = Arrays.copyOfRange(args, 1, args.length);
        for (int i = 0; i < rounds; i++) {
            int code = SearchCommand.run(search, System.out, System.err);
            if (code != 0) System.exit(code);
        }
    }
}
