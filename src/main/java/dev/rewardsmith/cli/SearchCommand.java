package dev.rewardsmith.cli;

import dev.rewardsmith.gpu.TrainingDevice;
import dev.rewardsmith.propose.OfflineProposer;
import dev.rewardsmith.propose.ReplayProposer;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.rl.MetricsRecord;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.search.Candidate;
import dev.rewardsmith.search.CandidateState;
import dev.rewardsmith.search.Evaluation;
import dev.rewardsmith.search.InMemoryEvaluationCache;
import dev.rewardsmith.search.InMemoryJournal;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchEvents;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.store.SearchBundles;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code search}: runs one search headless, with no server and no database: a progress bar per iteration, then
 * a table of every candidate. Exit code 0 when the search ends done, 1 when it fails, 2 on bad arguments.
 */
public final class SearchCommand {

    static final String USAGE =
            """
            usage: java --add-modules jdk.incubator.vector -jar quarkus-run.jar search --task <id> [options]
                   java --add-modules jdk.incubator.vector -jar quarkus-run.jar search --replay <bundle.zip>
              --task <id>           one of the built-in tasks (required)
              --samples <K>         programs per iteration, 1-64 (default 4)
              --iterations <N>      iterations, 1-100 (default 3)
              --restarts <R>        independent restarts, 1-16 (default 1)
              --proposer <name>     offline (default), human or llm (docs/llm.md, "Command line")
              --seed <n>            seeds proposals and trainings (default 1)
              --human-init          iteration 0 is the task's human reward
              --timesteps <n>       PPO steps per training (default: the task's)
              --workers <n>         trainings at once (default: one per core)
              --device <where>      auto (default: the GPU when there is one and the task has kernels), cpu or gpu;
                                    nvcc from REWARDSMITH_TRAINING_NVCC (default /usr/local/bin/nvcc)
              --eval-seeds <E>      final evaluation seeds, 0-32 (default 0: none)
              --selection-seeds <S> seeds each iteration's top two are scored on, 1-5 (default 1; docs/architecture.md)
              --save-bundle <file>  write the search as a bundle (docs/export.md, "Search bundles")
              --replay <file>       replay a bundle's recorded programs without a model (task, budget and
                                    settings from the bundle; only --workers, --device and --save-bundle go with it)
            """
                    + CommandLineLlm.USAGE_LINES;

    private SearchCommand() {}

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Runs the command with these environment variables (the llm connection's {@code REWARDSMITH_LLM_*}). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (java.util.Arrays.asList(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("search: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        TaskRegistry tasks = new TaskRegistry();
        SearchBundles.Bundle replayed = null;
        List<String> notes = new java.util.ArrayList<>();
        if (options.containsKey("replay")) {
            try {
                replayed = CommandLineBundles.read(Path.of(options.get("replay")), tasks);
            } catch (IllegalArgumentException e) {
                err.println("search: " + e.getMessage());
                return 2;
            }
            options.put("task", replayed.search().task());
        }
        Task task = tasks.find(options.get("task")).orElse(null);
        if (task == null) {
            err.println("search: unknown task '" + options.get("task") + "'; known tasks: "
                    + tasks.all().stream().map(Task::id).toList());
            return 2;
        }
        SearchSpec spec;
        int workers;
        TrainingDevice device;
        CommandLineLlm llm = null;
        try {
            if (replayed != null) {
                spec = CommandLineBundles.replaySpec(replayed, notes);
            } else {
                PpoConfig ppo = task.ppoDefaults();
                if (options.containsKey("timesteps")) {
                    ppo = ppo.toBuilder()
                            .totalTimesteps(number(options, "timesteps", 0))
                            .build();
                }
                ProposerKind proposer = ProposerKind.parse(options.getOrDefault("proposer", "offline"))
                        .filter(p -> p == ProposerKind.OFFLINE || p == ProposerKind.HUMAN || p == ProposerKind.LLM)
                        .orElseThrow(() -> new IllegalArgumentException("--proposer must be offline, human or llm"));
                if (proposer == ProposerKind.LLM) {
                    llm = CommandLineLlm.of(options, env);
                } else {
                    for (String name : CommandLineLlm.OPTIONS) {
                        if (options.containsKey(name))
                            throw new IllegalArgumentException("--" + name + " needs --proposer llm");
                    }
                }
                boolean humanInit = options.containsKey("human-init") || proposer == ProposerKind.HUMAN;
                spec = new SearchSpec(
                        task.id(),
                        proposer,
                        (int) number(options, "samples", 4),
                        proposer.singleProgram() ? 1 : (int) number(options, "iterations", 3),
                        (int) number(options, "restarts", 1),
                        (int) number(options, "eval-seeds", 0),
                        number(options, "seed", 1),
                        SelectionMode.FITNESS,
                        humanInit,
                        null,
                        ppo,
                        null,
                        llm == null ? null : llm.settings,
                        null,
                        null);
                long selectionSeeds = number(options, "selection-seeds", 1);
                // the spec reads 0 as 1 (bundles written before the field); a user's 0 is an error
                if (selectionSeeds < 1) throw new IllegalArgumentException("selectionSeeds must be in [1, 5]");
                spec = spec.withSelectionSeeds((int) selectionSeeds);
            }
            workers = (int) number(options, "workers", 0);
            if (workers < 0) throw new IllegalArgumentException("--workers must be >= 0");
            device = deviceOf(options.getOrDefault("device", "auto"));
        } catch (IllegalArgumentException e) {
            err.println("search: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }

        RewardCompiler compiler = new RewardCompiler();
        InMemoryJournal journal = new InMemoryJournal();
        String id = UUID.randomUUID().toString();
        journal.create(id, spec);
        Proposer proposer;
        if (replayed != null) {
            List<Candidate> recorded = CommandLineBundles.candidates(replayed);
            proposer = new ReplayProposer(replayed.search().id(), () -> recorded);
            out.println("replaying search " + replayed.search().id() + " from " + options.get("replay") + ": "
                    + recorded.size() + " recorded candidates, no model is asked");
            notes.forEach(n -> out.println("note: " + n));
        } else {
            proposer = llm != null ? llm.proposer(id, task.stateType(), compiler) : new OfflineProposer(compiler);
        }
        java.time.Instant createdAt = java.time.Instant.now();
        long start = System.nanoTime();
        out.printf(
                Locale.ROOT,
                "search %s: %s, K=%d, N=%d, R=%d, %s proposer, seed %d, %,d PPO steps per training%n",
                id.substring(0, 8),
                task.id(),
                spec.samples(),
                spec.iterations(),
                spec.restarts(),
                spec.proposer().label(),
                spec.seed(),
                spec.ppo().totalTimesteps());
        try (InProcessTrainingQueue queue = new InProcessTrainingQueue(workers, tasks, compiler, device);
                Progress progress = new Progress(spec, out)) {
            new SearchRun(
                            id,
                            task,
                            new ContextPruner().context(task),
                            proposer,
                            compiler,
                            queue,
                            journal,
                            progress,
                            new InMemoryEvaluationCache(),
                            null)
                    .run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Candidate> candidates = journal.candidates(id);
        table(candidates, journal.bestId(id), out);
        SearchState state = journal.state(id);
        long trained = candidates.stream().filter(c -> c.attempt > 0).count();
        out.printf(
                Locale.ROOT,
                "%s in %s: %d candidates, %d trained%s%n",
                state.label(),
                Duration.ofMillis((long) (seconds * 1000))
                        .toString()
                        .substring(2)
                        .toLowerCase(Locale.ROOT),
                candidates.size(),
                trained,
                journal.bestId(id) == null
                        ? ""
                        : String.format(Locale.ROOT, ", best fitness %.3f", best(candidates, journal.bestId(id))));
        String devices = devices(candidates);
        if (!devices.isEmpty()) out.println("trained on " + devices);
        String bestId = journal.bestId(id);
        candidates.stream().filter(c -> c.id.equals(bestId)).findFirst().ifPresent(c -> {
            var r = dev.rewardsmith.search.RewardCorrelation.overTraining(c.epochs);
            out.printf(
                    Locale.ROOT,
                    "best candidate's correlation with the human reward per epoch over training (Eureka): %s over %d"
                            + " epochs%n",
                    r.correlation().isPresent()
                            ? String.format(Locale.ROOT, "%.3f", r.correlation().getAsDouble())
                            : "undefined",
                    r.steps());
        });
        if (llm != null) out.println(llm.summary(id));
        if (options.containsKey("save-bundle")) {
            Path file = Path.of(options.get("save-bundle"));
            try {
                CommandLineBundles.write(
                        file, id, spec, journal, llm == null ? List.of() : llm.exchanges.of(id), createdAt);
                out.println("bundle written: " + file);
            } catch (java.io.IOException | RuntimeException e) {
                err.println("search: cannot write the bundle " + file + ": " + e.getMessage());
                return 1;
            }
        }
        Evaluation evaluation = journal.evaluation(id);
        if (evaluation != null) {
            out.printf(
                    Locale.ROOT,
                    "evaluation over %d seeds: best %s, human %s, sparse %s, HNS %s; correlation with the human"
                            + " reward %s on the best policy's transitions, %s per epoch over training (Eureka)%n",
                    spec.evalSeeds(),
                    SuiteReport.spread(evaluation.best()),
                    SuiteReport.spread(evaluation.human()),
                    SuiteReport.spread(evaluation.sparse()),
                    SuiteReport.number(evaluation.hns()),
                    SuiteReport.number(evaluation.correlation()),
                    SuiteReport.number(evaluation.trainingCorrelation()));
        }
        if (state != SearchState.DONE) {
            err.println("search " + state.label() + (journal.reason(id) == null ? "" : ": " + journal.reason(id)));
            return 1;
        }
        return 0;
    }

    /** The device setting of {@code --device}; the nvcc that compiles reward programs for the device from the env. */
    static TrainingDevice deviceOf(String value) {
        TrainingDevice.Setting setting;
        try {
            setting = TrainingDevice.Setting.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device must be auto, cpu or gpu, got '" + value + "'");
        }
        String nvcc = System.getenv().getOrDefault("REWARDSMITH_TRAINING_NVCC", "/usr/local/bin/nvcc");
        return TrainingDevice.fromSetting(setting.name(), nvcc);
    }

    /** Where the trained candidates' latest attempts ran, with the CPU's reasons: "cpu: 4 (GPU unavailable: ...)". */
    static String devices(List<Candidate> candidates) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (c.device == null) continue;
            String key = c.device + (c.deviceReason == null ? "" : " (" + c.deviceReason + ")");
            counts.merge(key, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((key, n) -> {
            if (!b.isEmpty()) b.append("; ");
            int paren = key.indexOf(" (");
            b.append(paren < 0 ? key : key.substring(0, paren))
                    .append(": ")
                    .append(n)
                    .append(paren < 0 ? "" : key.substring(paren));
        });
        return b.toString();
    }

    private static double best(List<Candidate> candidates, String bestId) {
        return candidates.stream()
                .filter(c -> c.id.equals(bestId))
                .findFirst()
                .map(c -> c.fitness)
                .orElse(Double.NaN);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = List.of("human-init");
        List<String> valued = new java.util.ArrayList<>(List.of(
                "task",
                "samples",
                "iterations",
                "restarts",
                "proposer",
                "seed",
                "timesteps",
                "workers",
                "eval-seeds",
                "selection-seeds",
                "device",
                "replay",
                "save-bundle"));
        valued.addAll(CommandLineLlm.OPTIONS);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'");
            String name = a.substring(2);
            if (name.equals("api-key")) {
                throw new IllegalArgumentException(
                        "the API key is read from REWARDSMITH_LLM_API_KEY only (a flag would show in the process list)");
            }
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (valued.contains(name)) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (options.containsKey("replay")) {
            for (String name : options.keySet()) {
                if (!List.of("replay", "workers", "save-bundle", "device").contains(name)) {
                    throw new IllegalArgumentException(
                            "--" + name + " does not go with --replay: the task, budget and settings are the bundle's");
                }
            }
            return options;
        }
        if (!options.containsKey("task")) throw new IllegalArgumentException("--task is required");
        return options;
    }

    private static long number(Map<String, String> options, String name, long fallback) {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** The final table: one row per candidate, the best marked. */
    static void table(List<Candidate> candidates, String bestId, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n%-3s %-4s %-4s %-9s %8s  %s%n",
                "",
                "it",
                "#",
                "state",
                "fitness",
                "components (last epoch) / reason");
        for (Candidate c : candidates) {
            String detail;
            if (c.state == CandidateState.REJECTED) {
                detail = c.problems.isEmpty() ? "rejected" : c.problems.get(0).toString();
            } else if (c.state == CandidateState.FAILED) {
                detail = c.failure;
            } else if (!c.epochs.isEmpty()) {
                MetricsRecord last = c.epochs.get(c.epochs.size() - 1);
                StringBuilder b = new StringBuilder();
                double[] means = last.componentMeans();
                for (int i = 0; i < means.length; i++) {
                    if (i > 0) b.append(", ");
                    b.append(last.componentNames().get(i)).append(String.format(Locale.ROOT, " %.3f", means[i]));
                }
                detail = b.toString();
            } else {
                detail = "";
            }
            out.printf(
                    Locale.ROOT,
                    "%-3s %-4s %-4d %-9s %8s  %s%n",
                    c.id.equals(bestId) ? "*" : "",
                    (c.restart > 0 ? c.restart + "." : "") + c.iteration,
                    c.index,
                    c.state.label(),
                    c.fitness == null ? "-" : String.format(Locale.ROOT, "%.3f", c.fitness),
                    detail.length() > 90 ? detail.substring(0, 87) + "..." : detail);
        }
    }

    /**
     * A progress bar per iteration: one step per candidate that reached a final state, and the best so far. When
     * the output is not a terminal (CI, a pipe) it prints one plain line per finished candidate instead.
     */
    static final class Progress implements SearchEvents, AutoCloseable {
        private final SearchSpec spec;
        private final PrintStream out;
        private final boolean terminal = System.console() != null;
        private final Map<String, CandidateState> states = new HashMap<>();
        private ProgressBar bar;
        private String barKey;
        private String name;
        private int total;
        private int finished;
        private double best = Double.NaN;

        Progress(SearchSpec spec, PrintStream out) {
            this.spec = spec;
            this.out = out;
        }

        @Override
        public synchronized void candidate(Candidate c) {
            String key = c.restart + "/" + c.iteration;
            if (!key.equals(barKey)) {
                close();
                barKey = key;
                name = (spec.restarts() > 1 ? "restart " + (c.restart + 1) + " " : "") + "iteration "
                        + (c.iteration + 1) + "/" + spec.iterations();
                total = 0;
                finished = 0;
                if (terminal) {
                    bar = new ProgressBarBuilder()
                            .setTaskName(name)
                            .setInitialMax(1)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(250)
                            .continuousUpdate()
                            .build();
                }
            }
            CandidateState previous = states.put(c.id, c.state);
            if (previous == null) total++;
            if (c.fitness != null && !(best >= c.fitness)) best = c.fitness;
            boolean newlyFinished = c.state.terminal() && (previous == null || !previous.terminal());
            if (newlyFinished) finished++;
            String extra = Double.isNaN(best) ? "" : String.format(Locale.ROOT, "best F %.3f", best);
            if (bar != null) {
                bar.maxHint(total);
                bar.stepTo(finished);
                bar.setExtraMessage(extra);
            } else if (newlyFinished) {
                out.printf(Locale.ROOT, "%s: %d/%d candidates finished %s%n", name, finished, total, extra);
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) bar.close();
            bar = null;
        }
    }
}
