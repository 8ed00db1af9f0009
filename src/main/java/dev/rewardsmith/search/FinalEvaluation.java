package dev.rewardsmith.search;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.task.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final evaluation of a search (docs/architecture.md, Search): the best, human and sparse rewards trained with
 * E seeds at the full budget (from the curriculum's checkpoint when there is one, and then the best also from
 * scratch), each scored by its max checkpoint F, and the correlation of the best reward with the human one on the
 * best policy's episodes. Trainings found in the {@link EvaluationCache} are not run again.
 */
final class FinalEvaluation {

    private final RunState run;
    private final Task task;
    private final RewardCompiler compiler;
    private final EvaluationCache cache;
    private final Trainings trainings;

    FinalEvaluation(RunState run, Task task, RewardCompiler compiler, EvaluationCache cache, Trainings trainings) {
        this.run = run;
        this.task = task;
        this.compiler = compiler;
        this.cache = cache;
        this.trainings = trainings;
    }

    /** Evaluates the search's best candidate; the state is evaluating meanwhile, the result is journaled. */
    void run() {
        run.state(SearchState.EVALUATING, null);
        long start = System.nanoTime();
        SearchSpec spec = run.spec;
        Candidate best = run.best;
        int seeds = spec.evalSeeds();
        List<String> rewards = new ArrayList<>(List.of("best", "human", "sparse"));
        if (run.initialPolicy != null) rewards.add("scratch");
        Map<String, String> sources = Map.of(
                "best",
                best.program,
                "human",
                task.humanReward(),
                "sparse",
                task.sparseReward(),
                "scratch",
                best.program);
        Map<String, double[]> fitness = new HashMap<>();
        Map<String, TrainingJob> jobs = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        int cached = 0;
        for (String reward : rewards) {
            double[] values = new double[seeds];
            fitness.put(reward, values);
            byte[] initial = reward.equals("scratch") ? null : run.initialPolicy;
            for (int e = 0; e < seeds; e++) {
                long seed = Seeds.evaluation(spec.seed(), e);
                String key = cacheKey(sources.get(reward), seed, initial);
                var hit = cache.fitness(key);
                if (hit.isPresent()) {
                    values[e] = hit.getAsDouble();
                    cached++;
                    continue;
                }
                String id = "evaluation/" + run.searchId + "/" + reward + "/" + e;
                keys.put(id, key);
                jobs.put(
                        id,
                        new TrainingJob(
                                id, 1, task.id(), sources.get(reward), task.humanReward(), spec.ppo(), seed, initial));
            }
        }
        // each result is cached as it arrives, so a restart does not train it again
        Map<String, Double> results = trainings.trainAll(jobs, (id, f) -> {
            if (!Double.isNaN(f)) cache.put(keys.get(id), task.id(), f);
        });
        for (Map.Entry<String, Double> r : results.entrySet()) {
            String[] parts = r.getKey().split("/");
            fitness.get(parts[2])[Integer.parseInt(parts[3])] = r.getValue();
        }
        Double correlation = null;
        int steps = 0;
        byte[] policy = run.bestPolicy != null ? run.bestPolicy : run.journal.policy(best.id);
        if (policy != null) {
            var bestReward = compiler.compile(best.program, task.stateType());
            var humanReward = compiler.compile(task.humanReward(), task.stateType());
            if (bestReward instanceof CompileResult.Compiled b && humanReward instanceof CompileResult.Compiled h) {
                RewardCorrelation.Result r = RewardCorrelation.of(
                        task,
                        policy,
                        b.reward().function(),
                        h.reward().function(),
                        spec.ppo().gamma(),
                        Seeds.correlation(spec.seed()));
                steps = r.steps();
                correlation = r.correlation().isPresent() ? r.correlation().getAsDouble() : null;
            }
        }
        Evaluation evaluation = Evaluation.of(
                fitness.get("best"),
                fitness.get("human"),
                fitness.get("sparse"),
                fitness.get("scratch"),
                correlation,
                steps,
                RewardCorrelation.overTraining(best.epochs),
                best.id,
                (System.nanoTime() - start) / 1e9,
                cached);
        run.journal.evaluation(run.searchId, evaluation);
        run.events.evaluation(run.searchId, evaluation);
    }

    /** The cache key of one evaluation training: task, reward source, PPO config, seed and initial policy. */
    private String cacheKey(String source, long seed, byte[] initial) {
        String normalized =
                switch (compiler.compile(source, task.stateType())) {
                    case CompileResult.Compiled c -> c.reward().source();
                    case CompileResult.Rejected r -> source;
                };
        StringBuilder b = new StringBuilder()
                .append(task.id())
                .append('\n')
                .append(normalized)
                .append('\n')
                .append(run.spec.ppo())
                .append('\n')
                .append(seed)
                .append('\n')
                .append(initial == null ? "scratch" : HexFormat.of().formatHex(sha256(initial)));
        return HexFormat.of().formatHex(sha256(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
