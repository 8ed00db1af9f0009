package dev.rewardsmith.cli;

import dev.rewardsmith.search.Evaluation;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link SuiteBenchmark} measured: the rows, the ablations, the throughput and the curriculum, as records (its
 * JSON) and as text (the console line per task and the Markdown tables).
 */
public final class SuiteReport {

    private SuiteReport() {}

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
            Curriculum curriculum,
            Throughput throughput,
            List<Ablation> ablations) {}

    /**
     * How fast the suite trained: every training it started (searches, evaluations, ablations, curriculum) over
     * the wall time and over the process's CPU time, with the number of trainings run at once.
     */
    public record Throughput(
            long trainings, int workers, double seconds, double cpuSeconds, double perMinute, double perCpuMinute) {}

    /**
     * One ablation of the full run: the same tasks, budget and seed with one setting changed.
     *
     * @param name e.g. "no reflection"
     * @param init "human" or "templates"
     * @param reflection whether the proposer read the reflection
     */
    public record Ablation(
            String name,
            String init,
            boolean reflection,
            List<Row> rows,
            int bestAtLeastHuman,
            Double meanClippedHns) {}

    static String hnsText(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The suite table's header and one line per row. */
    static void table(StringBuilder b, List<Row> rows) {
        b.append("| task | sparse F | human F | best F | HNS | sparse-human margin | correlation | wall | trainings |"
                + " tokens | correlation over training (Eureka) |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
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
    }

    static String spread(Evaluation.Spread s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.sd());
    }

    static String number(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The margin as a percentage of human F, marked when it is below {@link SuiteBenchmark#DISCRIMINATING_MARGIN}. */
    static String marginText(Double margin) {
        if (margin == null) return "undefined";
        String text = String.format(Locale.ROOT, "%.0f%%", 100 * margin);
        return margin >= SuiteBenchmark.DISCRIMINATING_MARGIN ? text : text + " (below 25%)";
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
        table(b, result.rows());
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
                hnsText(result.meanClippedHns()),
                seconds));
        Throughput t = result.throughput();
        if (t != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "%d trainings, %d at once: %.2f trainings per minute, %.2f per CPU-minute (%.0f CPU-s)%n",
                    t.trainings(),
                    t.workers(),
                    t.perMinute(),
                    t.perCpuMinute(),
                    t.cpuSeconds()));
        }
        List<Ablation> ablations = result.ablations() == null ? List.of() : result.ablations();
        for (Ablation a : ablations) {
            b.append(String.format(
                    Locale.ROOT,
                    "%nablation: %s (init %s, reflection %s), same budget and seed%n%n",
                    a.name(),
                    a.init(),
                    a.reflection() ? "yes" : "no"));
            table(b, a.rows());
            b.append(String.format(
                    Locale.ROOT,
                    "%nbest >= human on %d of %d tasks%nmean clipped HNS %s%n",
                    a.bestAtLeastHuman(),
                    a.rows().size(),
                    hnsText(a.meanClippedHns())));
        }
        if (!ablations.isEmpty()) {
            StringBuilder line = new StringBuilder("mean clipped HNS: full " + hnsText(result.meanClippedHns()));
            for (Ablation a : ablations)
                line.append(", ").append(a.name()).append(' ').append(hnsText(a.meanClippedHns()));
            b.append('\n').append(line).append('\n');
        }
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
