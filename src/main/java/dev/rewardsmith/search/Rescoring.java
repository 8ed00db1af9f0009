package dev.rewardsmith.search;

import dev.rewardsmith.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Selection on several training seeds (docs/architecture.md, Search, "Selection seeds"): with S > 1, an
 * iteration's top {@link SearchSpec#RESCORED_PER_ITERATION} candidates by their first-seed F are trained on S - 1
 * further seeds ({@link Seeds#selection}), and the iteration selects among them by the mean F over the S seeds
 * ({@link Selection#score}), ties to the lower index; the others are not selected. Each result is journaled in the
 * candidate's {@link Candidate#selectionScores} as it arrives, so a resumed search trains only what is missing.
 */
final class Rescoring {

    private final RunState run;
    private final Task task;
    private final Controls controls;
    private final Trainings trainings;

    Rescoring(RunState run, Task task, Controls controls, Trainings trainings) {
        this.run = run;
        this.task = task;
        this.controls = controls;
        this.trainings = trainings;
    }

    /**
     * Re-scores the round's top candidates on the further seeds (what is not scored yet), offers the winner as the
     * search's best, and returns it; empty when no candidate of the round was trained.
     */
    Optional<Candidate> select(List<Candidate> round) {
        int seeds = run.spec.selectionSeeds();
        List<Candidate> top = round.stream()
                .filter(c -> c.state == CandidateState.DONE)
                .sorted(Comparator.comparingDouble((Candidate c) -> -c.fitness).thenComparingInt(c -> c.index))
                .limit(SearchSpec.RESCORED_PER_ITERATION)
                .toList();
        if (top.isEmpty()) return Optional.empty();
        Map<String, TrainingJob> jobs = new LinkedHashMap<>();
        Map<String, Candidate> candidateOf = new HashMap<>();
        Map<String, Integer> seedOf = new HashMap<>();
        for (Candidate c : top) {
            if (c.selectionScores.size() != seeds) {
                // journaled before the trainings start: the first seed's F, the others to come (null)
                List<Double> scores = new ArrayList<>(Collections.nCopies(seeds, (Double) null));
                scores.set(0, c.fitness);
                c.selectionScores = scores;
                run.changed(c);
            }
            for (int k = 1; k < seeds; k++) {
                if (c.selectionScores.get(k) != null) continue; // trained before a restart of the server
                String id = "selection/" + c.id + "/" + k;
                long seed = Seeds.selection(run.spec.seed(), c.restart, c.iteration, c.index, k);
                jobs.put(
                        id,
                        new TrainingJob(
                                id,
                                1,
                                task.id(),
                                c.program,
                                task.humanReward(),
                                run.spec.ppo(),
                                seed,
                                run.initialPolicy));
                candidateOf.put(id, c);
                seedOf.put(id, k);
            }
        }
        if (!jobs.isEmpty()) {
            controls.awaitRunning();
            // a pause is recorded at once; the re-scoring trainings sent finish, nothing new starts until resumed
            trainings.trainAll(
                    jobs,
                    (id, fitness) -> {
                        if (Double.isNaN(fitness)) return; // failed: stays null, ranks below every full score
                        Candidate c = candidateOf.get(id);
                        List<Double> scores = new ArrayList<>(c.selectionScores);
                        scores.set(seedOf.get(id), fitness);
                        c.selectionScores = scores;
                        run.changed(c);
                    },
                    controls::obey);
            controls.awaitRunning();
        }
        Optional<Candidate> selected = Selection.bySelectionScore(top);
        selected.ifPresent(c -> run.offerBest(c, Selection.score(c), null));
        return selected;
    }
}
