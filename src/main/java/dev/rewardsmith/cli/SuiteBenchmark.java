package dev.rewardsmith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewardsmith.cli.SuiteReport.Ablation;
import dev.rewardsmith.cli.SuiteReport.Curriculum;
import dev.rewardsmith.cli.SuiteReport.Result;
import dev.rewardsmith.cli.SuiteReport.Row;
import dev.rewardsmith.cli.SuiteReport.Throughput;
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
              --tasks <a,b,...>     tasks to run (default: the nine of Eureka's table; the MuJoCo
                                    robots only when named)
              --budget <name>       small (default: K=2, N=2, E=5, R=1) or paper (K=16, N=5, E=5, R=5)
              --samples <K>  --iterations <N>  --eval-seeds <E>  --restarts <R>   override the budget
              --selection-seeds <S> seeds each iteration's top two are scored on, 1-5 (default 1), as for search
              --seed <n>            seeds everything (default 1)
              --timesteps <n>       PPO steps per training for every task (default: each task's own)
              --workers <n>         trainings at once (default: one per core)
              --device <where>      auto (default), cpu or gpu, as for search
              --out <dir>           where suite.json and suite.md go (default target/bench)
              --curriculum <yes|no> after the suite, spin fine-tuned from reorient's best policy vs from scratch
                                    (default yes when both tasks run)
              --init <templates|human>  iteration 0: the proposer's templates of the state view (default, as
                                    Eureka without human initialization) or the task's human reward (humanInit)
              --reflection <yes|no> whether proposals read the parent's reflection (default yes)
              --ablation            also run every task without reflection and with the other --init, same
                                    budget, each printed as its own table beside the full run
              --proposer <name>     offline (default) or llm (docs/llm.md, "Command line"), with:
            """
                    + CommandLineLlm.USAGE_LINES;

    /** The sparse-human margin from which a task's F tells a shaped reward from the sparse one. */
    static final double DISCRIMINATING_MARGIN = 0.25;

    /** A configuration of the suite's searches: where iteration 0 comes from and whether proposals read reflections. */
    record Setup(String name, boolean humanInit, boolean reflection) {
        String init() {
            return humanInit ? "human" : "templates";
        }

        OfflineProposer proposer(RewardCompiler compiler) {
            return reflection ? new OfflineProposer(compiler) : OfflineProposer.withoutReflection(compiler);
        }
    }

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
        boolean ablation = java.util.Arrays.asList(args).contains("--ablation");
        args = java.util.Arrays.stream(args)
                .filter(a -> !a.equals("--ablation"))
                .toArray(String[]::new);
        Map<String, String> o = new LinkedHashMap<>();
        List<String> valued = new ArrayList<>(List.of(
                "proposer",
                "tasks",
                "budget",
                "samples",
                "iterations",
                "eval-seeds",
                "restarts",
                "selection-seeds",
                "seed",
                "workers",
                "out",
                "timesteps",
                "curriculum",
                "device",
                "init",
                "reflection"));
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
            tasks.addAll(SuiteTasks.defaults(registry));
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
        // templates by default: the suite measures reward design, and a search that starts from the human reward
        // reaches best >= human by keeping it (docs/suite-offline-small.md)
        String init = o.getOrDefault("init", "templates");
        if (!init.equals("human") && !init.equals("templates")) {
            err.println("bench: --init must be human or templates");
            return 2;
        }
        String reflection = o.getOrDefault("reflection", "yes");
        if (!reflection.equals("yes") && !reflection.equals("no")) {
            err.println("bench: --reflection must be yes or no");
            return 2;
        }
        Setup full = new Setup("full", init.equals("human"), reflection.equals("yes"));
        if (ablation && llm != null) {
            err.println(
                    "bench: --ablation compares the offline proposer's settings; it does not go with --proposer llm");
            return 2;
        }
        List<Setup> ablations = new ArrayList<>();
        if (ablation) {
            ablations.add(new Setup("no reflection", full.humanInit(), false));
            ablations.add(new Setup(full.humanInit() ? "templates init" : "human init", !full.humanInit(), true));
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
        int selectionSeeds;
        long seed;
        int workers;
        int timesteps;
        try {
            timesteps = integer(o, "timesteps", 0);
            samples = integer(o, "samples", kner[0]);
            iterations = integer(o, "iterations", kner[1]);
            evalSeeds = integer(o, "eval-seeds", kner[2]);
            restarts = integer(o, "restarts", kner[3]);
            selectionSeeds = integer(o, "selection-seeds", 1);
            if (selectionSeeds < 1 || selectionSeeds > 5) {
                throw new IllegalArgumentException("--selection-seeds must be in [1, 5]");
            }
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
        if (selectionSeeds > 1) budgetInfo.put("selectionSeeds", selectionSeeds);
        budgetInfo.put("seed", seed);
        budgetInfo.put("proposer", proposerKind.label());
        if (llm != null) budgetInfo.put("model", llm.settings.model());
        budgetInfo.put("init", full.init());
        if (llm == null) budgetInfo.put("reflection", full.reflection());
        budgetInfo.put(
                "ppo",
                timesteps > 0 ? "each task's defaults with totalTimesteps " + timesteps : "each task's defaults");
        out.printf(
                Locale.ROOT,
                "suite: %d tasks, %s proposer, K=%d, N=%d, R=%d, E=%d, seed %d, init %s, reflection %s%s%n",
                tasks.size(),
                proposerKind.label(),
                samples,
                iterations,
                restarts,
                evalSeeds,
                seed,
                full.init(),
                reflection,
                ablation
                        ? ", with the ablations "
                                + ablations.stream().map(Setup::name).toList()
                        : "");

        RewardCompiler compiler = new RewardCompiler();
        ContextPruner pruner = new ContextPruner();
        InMemoryEvaluationCache cache = new InMemoryEvaluationCache();
        List<Row> rows = new ArrayList<>();
        Map<String, InMemoryJournal> journals = new LinkedHashMap<>();
        Map<String, String> searchIds = new LinkedHashMap<>();
        Curriculum curriculum = null;
        long suiteStart = System.nanoTime();
        long cpuStart = cpuNanos();
        List<List<Row>> ablationRows = new ArrayList<>();
        for (int a = 0; a < ablations.size(); a++) ablationRows.add(new ArrayList<>());
        long trainingsTotal;
        int poolSize;
        try (InProcessTrainingQueue queue = new InProcessTrainingQueue(workers, registry, compiler, device)) {
            poolSize = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
            int n = 0;
            for (Task task : tasks) {
                n++;
                SearchSpec spec;
                try {
                    spec = spec(
                            task,
                            samples,
                            iterations,
                            restarts,
                            evalSeeds,
                            seed,
                            timesteps,
                            full.humanInit(),
                            llmSettings,
                            selectionSeeds);
                } catch (IllegalArgumentException e) {
                    err.println("bench: " + task.id() + ": " + e.getMessage());
                    return 2;
                }
                if (spec == null) continue;
                InMemoryJournal journal = new InMemoryJournal();
                String id = UUID.randomUUID().toString();
                out.printf(Locale.ROOT, "[%d/%d] %s%n", n, tasks.size(), task.id());
                Row row = search(task, spec, full, id, journal, queue, compiler, pruner, cache, llm, out);
                journals.put(task.id(), journal);
                searchIds.put(task.id(), id);
                rows.add(row);
                out.println(SuiteReport.line(row));
                if (llm != null) out.println("  " + llm.summary(id));
                for (int a = 0; a < ablations.size(); a++) {
                    Setup setup = ablations.get(a);
                    SearchSpec variant = spec(
                            task,
                            samples,
                            iterations,
                            restarts,
                            evalSeeds,
                            seed,
                            timesteps,
                            setup.humanInit(),
                            null,
                            selectionSeeds);
                    out.printf(Locale.ROOT, "[%d/%d] %s, ablation: %s%n", n, tasks.size(), task.id(), setup.name());
                    Row ablated = search(
                            task,
                            variant,
                            setup,
                            UUID.randomUUID().toString(),
                            new InMemoryJournal(),
                            queue,
                            compiler,
                            pruner,
                            cache,
                            null,
                            out);
                    ablationRows.get(a).add(ablated);
                    out.println(SuiteReport.line(ablated));
                }
            }
            boolean wantCurriculum = curriculumOption.equals("yes");
            if (wantCurriculum && journals.containsKey("reorient") && journals.containsKey("spin")) {
                InMemoryJournal from = journals.get("reorient");
                String bestId = from.bestId(searchIds.get("reorient"));
                byte[] policy = bestId == null ? null : from.checkpoint(bestId);
                if (policy != null) {
                    Task spin = registry.find("spin").orElseThrow();
                    SearchSpec spec = spec(
                            spin,
                            samples,
                            iterations,
                            restarts,
                            evalSeeds,
                            seed,
                            timesteps,
                            full.humanInit(),
                            llmSettings,
                            selectionSeeds);
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
                                                : full.proposer(compiler),
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
                                SuiteReport.spread(e.best()),
                                SuiteReport.spread(e.bestFromScratch()));
                    }
                }
            }
            trainingsTotal = queue.trainingsStarted();
        }
        double suiteSeconds = (System.nanoTime() - suiteStart) / 1e9;
        double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        Throughput throughput = new Throughput(
                trainingsTotal,
                poolSize,
                suiteSeconds,
                cpuSeconds,
                suiteSeconds > 0 ? 60 * trainingsTotal / suiteSeconds : 0,
                cpuSeconds > 0 ? 60 * trainingsTotal / cpuSeconds : 0);
        int discriminating = 0;
        for (Row r : rows) {
            if (r.margin() != null && r.margin() >= DISCRIMINATING_MARGIN) discriminating++;
        }
        List<Ablation> ablated = new ArrayList<>();
        for (int a = 0; a < ablations.size(); a++) {
            Setup setup = ablations.get(a);
            List<Row> list = ablationRows.get(a);
            ablated.add(new Ablation(
                    setup.name(), setup.init(), setup.reflection(), list, atLeastHuman(list), meanClippedHns(list)));
        }
        Result result = new Result(
                budgetInfo,
                rows,
                atLeastHuman(rows),
                discriminating,
                meanClippedHns(rows),
                curriculum,
                throughput,
                ablated);
        String markdown = SuiteReport.markdown(result, suiteSeconds);
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

    /** Runs one search of the suite and returns its row (its trainings counted on the shared queue). */
    private static Row search(
            Task task,
            SearchSpec spec,
            Setup setup,
            String id,
            InMemoryJournal journal,
            InProcessTrainingQueue queue,
            RewardCompiler compiler,
            ContextPruner pruner,
            InMemoryEvaluationCache cache,
            CommandLineLlm llm,
            PrintStream out) {
        journal.create(id, spec);
        long before = queue.trainingsStarted();
        long start = System.nanoTime();
        try (SearchCommand.Progress progress = new SearchCommand.Progress(spec, out)) {
            new SearchRun(
                            id,
                            task,
                            pruner.context(task),
                            llm != null ? llm.proposer(id, task.stateType(), compiler) : setup.proposer(compiler),
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
        int trainings = (int) (queue.trainingsStarted() - before);
        return e == null
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
                        trainings,
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
                        trainings,
                        program,
                        e.trainingCorrelation());
    }

    /** Rows whose best reward's mean F reaches the human reward's. */
    static int atLeastHuman(List<Row> rows) {
        int n = 0;
        for (Row r : rows) if (r.best() != null && r.best().mean() >= r.human().mean()) n++;
        return n;
    }

    /** The mean of the rows' clipped HNS; null when none is defined. */
    static Double meanClippedHns(List<Row> rows) {
        double sum = 0;
        int count = 0;
        for (Row r : rows) {
            if (r.hnsClipped() != null) {
                sum += r.hnsClipped();
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    /** CPU time of this process so far, in nanoseconds (every thread, trainings included); 0 when unknown. */
    private static long cpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    private static SearchSpec spec(
            Task task,
            int samples,
            int iterations,
            int restarts,
            int evalSeeds,
            long seed,
            int timesteps,
            boolean humanInit,
            SearchSpec.Llm llm,
            int selectionSeeds) {
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
                humanInit,
                null,
                ppo,
                null,
                llm,
                null,
                null,
                null,
                selectionSeeds);
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
}
