package dev.rewardsmith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewardsmith.gpu.TrainingDevice;
import dev.rewardsmith.propose.OfflineProposer;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Evaluation;
import dev.rewardsmith.search.InMemoryEvaluationCache;
import dev.rewardsmith.search.InMemoryJournal;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.SearchRun;
import dev.rewardsmith.search.SearchSpec;
import dev.rewardsmith.search.SearchState;
import dev.rewardsmith.search.SelectionMode;
import dev.rewardsmith.task.ContextPruner;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import dev.rewardsmith.work.InProcessTrainingQueue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bench}: the paper's table for the task suite (Eureka, Table 1 style). For each task it runs one search
 * with the offline proposer (or the llm proposer, {@code --proposer llm}) and the chosen budget, then the final evaluation (best, human and sparse rewards over
 * E seeds), and prints per task F of each reward (mean +- sd), the human-normalized score, the sparse-human margin
 * (how far the sparse reward's F stays below the human reward's, as a fraction of the human F; F discriminates
 * reward designs where it is at least {@link #DISCRIMINATING_MARGIN}, docs/tasks.md), the correlation of the best
 * reward with the human one, wall time and tokens; then "best >= human on X of N tasks", "sparse below human by
 * at least a quarter on X of N tasks" and the mean clipped HNS. Results are also written as JSON and Markdown.
 */
public final class SuiteBenchmark {

    static final String USAGE =
            """
            usage: java --add-modules jdk.incubator.vector -jar quarkus-run.jar bench [options]
              --tasks <a,b,...>     tasks to run (default: all nine)
              --budget <name>       small (default: K=2, N=2, E=5, R=1) or paper (K=16, N=5, E=5, R=5)
              --samples <K>  --iterations <N>  --eval-seeds <E>  --restarts <R>   override the budget
              --seed <n>            seeds everything (default 1)
              --timesteps <n>       PPO steps per training for every task (default: each task's own)
              --workers <n>         trainings at once (default: one per core)
              --device <where>      auto (default), cpu or gpu, as for search
              --out <dir>           where suite.json and suite.md go (default target/bench)
              --curriculum <yes|no> after the suite, spin fine-tuned from reorient's best policy vs from scratch
                                    (default yes when both tasks run)
              --proposer <name>     offline (default) or llm (docs/llm.md, "Command line"), with:
            """
                    + CommandLineLlm.USAGE_LINES;

    /** The sparse-human margin from which a task's F tells a shaped reward from the sparse one. */
    static final double DISCRIMINATING_MARGIN = 0.25;

    /**
     * One task's row.
     *
     * @param margin (human F - sparse F) / |human F| of the means; null when human F is 0 or not measured
     */
    public record Row(
            String task,
            String state,
            Evaluation.Spread sparse,
            Evaluation.Spread human,
            Evaluation.Spread best,
            Double hns,
            Double hnsClipped,
            Double margin,
            Double correlation,
            double seconds,
            long tokens,
            int trainings,
            String bestProgram,
            Double trainingCorrelation) {}

    /**
     * Eureka's pen-spinning curriculum on our pen tasks: the spin search with every training fine-tuned from the
     * reorient search's best policy, against its best reward trained from scratch with the same seeds and budget.
     */
    public record Curriculum(
            String from, String to, Evaluation.Spread fineTuned, Evaluation.Spread fromScratch, double seconds) {}

    public record Result(
            Map<String, Object> budget,
            List<Row> rows,
            int bestAtLeastHuman,
            int discriminating,
            Double meanClippedHns,
            Curriculum curriculum) {}

    private SuiteBenchmark() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Runs the suite with these environment variables (the llm connection's {@code REWARDSMITH_LLM_*}). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (java.util.Arrays.asList(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> o = new LinkedHashMap<>();
        List<String> valued = new ArrayList<>(List.of(
                "proposer",
                "tasks",
                "budget",
                "samples",
                "iterations",
                "eval-seeds",
                "restarts",
                "seed",
                "workers",
                "out",
                "timesteps",
                "curriculum",
                "device"));
        valued.addAll(CommandLineLlm.OPTIONS);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !valued.contains(name) || i + 1 >= args.length) {
                err.println("bench: bad argument '" + args[i] + "'");
                err.println(USAGE);
                return 2;
            }
            o.put(name, args[++i]);
        }
        TaskRegistry registry = new TaskRegistry();
        List<Task> tasks = new ArrayList<>();
        if (o.containsKey("tasks")) {
            for (String id : o.get("tasks").split(",")) {
                Task t = registry.find(id.strip()).orElse(null);
                if (t == null) {
                    err.println("bench: unknown task '" + id + "'; known tasks: "
                            + registry.all().stream().map(Task::id).toList());
                    return 2;
                }
                tasks.add(t);
            }
        } else {
            tasks.addAll(registry.all());
        }
        TrainingDevice device;
        try {
            device = SearchCommand.deviceOf(o.getOrDefault("device", "auto"));
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        CommandLineLlm llm = null;
        try {
            String proposerOption = o.getOrDefault("proposer", "offline");
            if (proposerOption.equals("llm")) {
                llm = CommandLineLlm.of(o, env);
            } else if (!proposerOption.equals("offline")) {
                throw new IllegalArgumentException("--proposer must be offline or llm");
            } else {
                for (String name : CommandLineLlm.OPTIONS) {
                    if (o.containsKey(name)) throw new IllegalArgumentException("--" + name + " needs --proposer llm");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ProposerKind proposerKind = llm == null ? ProposerKind.OFFLINE : ProposerKind.LLM;
        SearchSpec.Llm llmSettings = llm == null ? null : llm.settings;
        String curriculumOption = o.getOrDefault("curriculum", "yes");
        if (!curriculumOption.equals("yes") && !curriculumOption.equals("no")) {
            err.println("bench: --curriculum must be yes or no");
            return 2;
        }
        String budget = o.getOrDefault("budget", "small");
        int[] kner;
        switch (budget) {
            case "small" -> kner = new int[] {2, 2, 5, 1}; // 5 evaluation seeds: the margin needs them (docs/tasks.md)
            case "paper" -> kner = new int[] {16, 5, 5, 5};
            default -> {
                err.println("bench: --budget must be small or paper");
                return 2;
            }
        }
        int samples;
        int iterations;
        int evalSeeds;
        int restarts;
        long seed;
        int workers;
        int timesteps;
        try {
            timesteps = integer(o, "timesteps", 0);
            samples = integer(o, "samples", kner[0]);
            iterations = integer(o, "iterations", kner[1]);
            evalSeeds = integer(o, "eval-seeds", kner[2]);
            restarts = integer(o, "restarts", kner[3]);
            seed = integer(o, "seed", 1);
            workers = integer(o, "workers", 0);
            if (evalSeeds < 1) throw new IllegalArgumentException("--eval-seeds must be at least 1 for the table");
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        Path dir = Path.of(o.getOrDefault("out", "target/bench"));
        Map<String, Object> budgetInfo = new LinkedHashMap<>();
        budgetInfo.put("name", budget);
        budgetInfo.put("samples", samples);
        budgetInfo.put("iterations", iterations);
        budgetInfo.put("restarts", restarts);
        budgetInfo.put("evalSeeds", evalSeeds);
        budgetInfo.put("seed", seed);
        budgetInfo.put("proposer", proposerKind.label());
        if (llm != null) budgetInfo.put("model", llm.settings.model());
        budgetInfo.put(
                "ppo",
                timesteps > 0 ? "each task's defaults with totalTimesteps " + timesteps : "each task's defaults");
        out.printf(
                Locale.ROOT,
                "suite: %d tasks, %s proposer, K=%d, N=%d, R=%d, E=%d, seed %d%n",
                tasks.size(),
                proposerKind.label(),
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed);

        RewardCompiler compiler = new RewardCompiler();
        ContextPruner pruner = new ContextPruner();
        InMemoryEvaluationCache cache = new InMemoryEvaluationCache();
        List<Row> rows = new ArrayList<>();
        Map<String, InMemoryJournal> journals = new LinkedHashMap<>();
        Map<String, String> searchIds = new LinkedHashMap<>();
        Curriculum curriculum = null;
        long suiteStart = System.nanoTime();
        try (InProcessTrainingQueue queue = new InProcessTrainingQueue(workers, registry, compiler, device)) {
            int n = 0;
            for (Task task : tasks) {
                n++;
                SearchSpec spec;
                try {
                    spec = spec(task, samples, iterations, restarts, evalSeeds, seed, timesteps, llmSettings);
                } catch (IllegalArgumentException e) {
                    err.println("bench: " + task.id() + ": " + e.getMessage());
                    return 2;
                }
                if (spec == null) continue;
                InMemoryJournal journal = new InMemoryJournal();
                String id = UUID.randomUUID().toString();
                journal.create(id, spec);
                journals.put(task.id(), journal);
                searchIds.put(task.id(), id);
                long before = queue.trainingsStarted();
                long start = System.nanoTime();
                out.printf(Locale.ROOT, "[%d/%d] %s%n", n, tasks.size(), task.id());
                try (SearchCommand.Progress progress = new SearchCommand.Progress(spec, out)) {
                    new SearchRun(
                                    id,
                                    task,
                                    pruner.context(task),
                                    llm != null
                                            ? llm.proposer(id, task.stateType(), compiler)
                                            : new OfflineProposer(compiler),
                                    compiler,
                                    queue,
                                    journal,
                                    progress,
                                    cache,
                                    null)
                            .run();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Evaluation e = journal.evaluation(id);
                SearchState state = journal.state(id);
                String bestId = journal.bestId(id);
                String program = journal.candidates(id).stream()
                        .filter(c -> c.id.equals(bestId))
                        .map(c -> c.program)
                        .findFirst()
                        .orElse(null);
                long tokens = journal.candidates(id).stream()
                        .mapToLong(c -> c.promptTokens + c.completionTokens)
                        .sum();
                Row row = e == null
                        ? new Row(
                                task.id(),
                                state.label(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                seconds,
                                tokens,
                                (int) (queue.trainingsStarted() - before),
                                program,
                                null)
                        : new Row(
                                task.id(),
                                state.label(),
                                e.sparse(),
                                e.human(),
                                e.best(),
                                e.hns(),
                                e.hnsClipped(),
                                margin(e.sparse(), e.human()),
                                e.correlation(),
                                seconds,
                                tokens,
                                (int) (queue.trainingsStarted() - before),
                                program,
                                e.trainingCorrelation());
                rows.add(row);
                out.println(line(row));
                if (llm != null) out.println("  " + llm.summary(id));
            }
            boolean wantCurriculum = curriculumOption.equals("yes");
            if (wantCurriculum && journals.containsKey("reorient") && journals.containsKey("spin")) {
                InMemoryJournal from = journals.get("reorient");
                String bestId = from.bestId(searchIds.get("reorient"));
                byte[] policy = bestId == null ? null : from.checkpoint(bestId);
                if (policy != null) {
                    Task spin = registry.find("spin").orElseThrow();
                    SearchSpec spec =
                            spec(spin, samples, iterations, restarts, evalSeeds, seed, timesteps, llmSettings);
                    InMemoryJournal journal = new InMemoryJournal();
                    String id = UUID.randomUUID().toString();
                    journal.create(id, spec);
                    out.println("[curriculum] spin, every training fine-tuned from reorient's best policy");
                    long start = System.nanoTime();
                    try (SearchCommand.Progress progress = new SearchCommand.Progress(spec, out)) {
                        new SearchRun(
                                        id,
                                        spin,
                                        pruner.context(spin),
                                        llm != null
                                                ? llm.proposer(id, spin.stateType(), compiler)
                                                : new OfflineProposer(compiler),
                                        compiler,
                                        queue,
                                        journal,
                                        progress,
                                        cache,
                                        policy)
                                .run();
                    }
                    Evaluation e = journal.evaluation(id);
                    if (e != null && e.bestFromScratch() != null) {
                        curriculum = new Curriculum(
                                "reorient", "spin", e.best(), e.bestFromScratch(), (System.nanoTime() - start) / 1e9);
                        out.printf(
                                Locale.ROOT,
                                "  spin fine-tuned from reorient: F %s; the same reward from scratch: F %s%n",
                                spread(e.best()),
                                spread(e.bestFromScratch()));
                    }
                }
            }
        }
        int atLeast = 0;
        int discriminating = 0;
        double clippedSum = 0;
        int clippedCount = 0;
        for (Row r : rows) {
            if (r.best() != null && r.best().mean() >= r.human().mean()) atLeast++;
            if (r.margin() != null && r.margin() >= DISCRIMINATING_MARGIN) discriminating++;
            if (r.hnsClipped() != null) {
                clippedSum += r.hnsClipped();
                clippedCount++;
            }
        }
        Double meanClipped = clippedCount == 0 ? null : clippedSum / clippedCount;
        Result result = new Result(budgetInfo, rows, atLeast, discriminating, meanClipped, curriculum);
        String markdown = markdown(result, (System.nanoTime() - suiteStart) / 1e9);
        out.println();
        out.print(markdown);
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            json.findAndRegisterModules();
            Files.writeString(dir.resolve("suite.json"), json.writeValueAsString(result));
            Files.writeString(dir.resolve("suite.md"), markdown);
            out.println("written: " + dir.resolve("suite.json") + ", " + dir.resolve("suite.md"));
        } catch (IOException e) {
            err.println("bench: cannot write the results to " + dir + ": " + e.getMessage());
            return 1;
        }
        return rows.stream().allMatch(r -> r.state().equals(SearchState.DONE.label())) ? 0 : 1;
    }

    private static SearchSpec spec(
            Task task,
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            int timesteps,
            SearchSpec.Llm llm) {
        var ppo = timesteps > 0
                ? task.ppoDefaults().toBuilder().totalTimesteps(timesteps).build()
                : task.ppoDefaults();
        return new SearchSpec(
                task.id(),
                llm == null ? ProposerKind.OFFLINE : ProposerKind.LLM,
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                SelectionMode.FITNESS,
                false,
                null,
                ppo,
                null,
                llm,
                null,
                null);
    }

    /** (human - sparse) / |human| of the means: how much of the human reward's F the sparse reward misses. */
    static Double margin(Evaluation.Spread sparse, Evaluation.Spread human) {
        if (sparse == null || human == null || human.mean() == 0) return null;
        return (human.mean() - sparse.mean()) / Math.abs(human.mean());
    }

    private static int integer(Map<String, String> o, String name, int fallback) {
        String v = o.get(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    static String spread(Evaluation.Spread s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.sd());
    }

    static String number(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The margin as a percentage of human F, marked when it is below {@link #DISCRIMINATING_MARGIN}. */
    static String marginText(Double margin) {
        if (margin == null) return "undefined";
        String text = String.format(Locale.ROOT, "%.0f%%", 100 * margin);
        return margin >= DISCRIMINATING_MARGIN ? text : text + " (below 25%)";
    }

    static String line(Row r) {
        return String.format(
                Locale.ROOT,
                "  %s: sparse %s, human %s, best %s, HNS %s, sparse-human margin %s, correlation %s (best policy's"
                        + " transitions) and %s (per epoch over training, Eureka), %.0f s, %d trainings",
                r.task(),
                spread(r.sparse()),
                spread(r.human()),
                spread(r.best()),
                number(r.hns()),
                marginText(r.margin()),
                number(r.correlation()),
                number(r.trainingCorrelation()),
                r.seconds(),
                r.trainings());
    }

    static String markdown(Result result, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append("| task | sparse F | human F | best F | HNS | sparse-human margin | correlation | wall | trainings |"
                + " tokens | correlation over training (Eureka) |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : result.rows()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %.0f s | %d | %d | %s |%n",
                    r.task(),
                    spread(r.sparse()),
                    spread(r.human()),
                    spread(r.best()),
                    number(r.hns()),
                    marginText(r.margin()),
                    number(r.correlation()),
                    r.seconds(),
                    r.trainings(),
                    r.tokens(),
                    number(r.trainingCorrelation())));
        }
        b.append(String.format(
                Locale.ROOT,
                "%ncorrelation: of the best reward with the human reward on the best policy's transitions;"
                        + " correlation over training (Eureka): of their per-epoch means over the best candidate's"
                        + " training%n%nbest >= human on %d of %d tasks%nsparse below human by at least a quarter of human F on %d of %d"
                        + " tasks%nmean clipped HNS %s%nsuite wall time %.0f s%n",
                result.bestAtLeastHuman(),
                result.rows().size(),
                result.discriminating(),
                result.rows().size(),
                result.meanClippedHns() == null
                        ? "undefined"
                        : String.format(Locale.ROOT, "%.2f", result.meanClippedHns()),
                seconds));
        Curriculum c = result.curriculum();
        if (c != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "curriculum: %s fine-tuned from %s's best policy F %s vs the same reward from scratch F %s (%.0f s)%n",
                    c.to(),
                    c.from(),
                    spread(c.fineTuned()),
                    spread(c.fromScratch()),
                    c.seconds()));
        }
        return b.toString();
    }
}
