package dev.rewardsmith.propose;

import dev.rewardsmith.reward.CompileResult;
import dev.rewardsmith.reward.PotentialShaping;
import dev.rewardsmith.reward.RewardCompiler;
import dev.rewardsmith.search.Proposal;
import dev.rewardsmith.search.ProposalRequest;
import dev.rewardsmith.search.Proposer;
import dev.rewardsmith.search.ProposerKind;
import dev.rewardsmith.search.Reflection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The proposer without a language model (see docs/architecture.md, Proposers): mutates the parent program's syntax tree with the
 * moves an LLM makes in Eureka's examples, steered by the parent's reflection (flat components retuned, dominant
 * ones rescaled, those that move with F strengthened and those that move against it weakened), and writes fresh
 * templates from the state fields in iteration 0 and when the fitness stayed near zero. Every proposal's summary
 * is its reason in one line: what it read in the reflection, then the change. Seeded and deterministic; every
 * program it returns has been accepted by the reward compiler. Built {@link #withoutReflection}, it reads no
 * reflection (the ablation of docs/architecture.md, Proposers): only random moves and templates.
 */
public final class OfflineProposer implements Proposer {

    /** Factors for constants, scales and weights: halve or double, quarter or quadruple, 20% either way. */
    static final double[] FACTORS = {0.5, 2.0, 0.25, 4.0, 0.8, 1.2};

    /** Factors for retuning a near-constant component: a large step either way first, then a smaller one. */
    static final double[] RETUNE_FACTORS = {0.25, 4.0, 0.5, 2.0};

    /**
     * Share of the proposals written from fresh templates when the fitness stayed near zero: half, so the
     * search both restarts and keeps exploring around the parent (a near-miss may be one constant away).
     */
    static final double REWRITE_SHARE = 0.5;

    /** Tries per requested proposal before the proposer falls back to templates. */
    static final int ATTEMPTS_PER_PROPOSAL = 25;

    /** How often each move is drawn for unsteered proposals (constants are the cheapest and most common edit). */
    private enum Move {
        CONSTANT(4),
        RESCALE(2),
        REWEIGHT(1),
        RESHAPE(2),
        ADD(2),
        DROP(1);

        final int weight;

        Move(int weight) {
            this.weight = weight;
        }
    }

    private static final int TOTAL_WEIGHT =
            java.util.Arrays.stream(Move.values()).mapToInt(m -> m.weight).sum();

    /**
     * A flat component whose |mean| is at least this is taken as a bonus at its top (the exp and tanh bonuses of
     * the templates and human rewards top out at 1): earned throughout, so it no longer tells states apart.
     */
    static final double SATURATED = 0.9;

    /** A flat component whose |mean| is at most this is taken as a bonus that is never earned. */
    static final double UNEARNED = 0.1;

    /** Weight factors for a component that moves with F, by round: strengthen it. */
    static final double[] WITH_F_FACTORS = {2.0, 4.0, 1.5, 3.0};

    /** Weight factors for a component that moves against F, by round: weaken it. */
    static final double[] AGAINST_F_FACTORS = {0.5, 0.25, 0.7, 0.1};

    private final RewardCompiler compiler;
    private final boolean readsReflection;

    public OfflineProposer(RewardCompiler compiler) {
        this(compiler, true);
    }

    private OfflineProposer(RewardCompiler compiler, boolean readsReflection) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.readsReflection = readsReflection;
    }

    /** The ablation: the same moves and templates, drawn at random, with the parent's reflection never read. */
    public static OfflineProposer withoutReflection(RewardCompiler compiler) {
        return new OfflineProposer(compiler, false);
    }

    /** Whether proposals read the parent's reflection (false for the ablation). */
    public boolean readsReflection() {
        return readsReflection;
    }

    @Override
    public String name() {
        return ProposerKind.OFFLINE.label();
    }

    @Override
    public CompletionStage<List<Proposal>> propose(ProposalRequest request) {
        try {
            return CompletableFuture.completedFuture(proposals(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The proposals of one request, computed on the calling thread. */
    List<Proposal> proposals(ProposalRequest request) {
        Batch batch = new Batch(request);
        String parent = batch.parentSource();
        if (parent == null) {
            batch.fresh(request.samples(), "no parent yet");
        } else if (!readsReflection) {
            batch.mutations(parent, "reflection not read (ablation)");
            batch.fresh(request.samples(), "reflection not read (ablation)");
        } else {
            ReflectionDiagnosis diagnosis =
                    ReflectionDiagnosis.of(request.parent().reflection());
            if (diagnosis.zeroFitness()) {
                batch.fresh(
                        Math.max(1, (int) Math.round(REWRITE_SHARE * request.samples())),
                        diagnosis.fitnessClause() + ", so rewrite");
            }
            batch.steered(parent, diagnosis);
            batch.mutations(parent, diagnosis.fitnessClause() + ", so also explore near the parent");
            batch.fresh(request.samples(), diagnosis.fitnessClause() + ", moves exhausted, so rewrite");
        }
        return batch.finish();
    }

    /** The proposals of one request as they accumulate, distinct by normalized source. */
    private final class Batch {
        private final ProposalRequest request;
        private final SplittableRandom random;
        private final List<StateField> fields;
        private final List<FieldReading> readings;
        private final boolean designable;
        private int designed;
        private final String typeName;
        private final Map<String, String> accepted = new LinkedHashMap<>();
        private final Set<String> seen = new HashSet<>();
        private int attempts;

        Batch(ProposalRequest request) {
            this.request = request;
            this.random = new SplittableRandom(request.seed());
            this.fields = StateField.of(request.stateType());
            this.typeName = request.stateType().getSimpleName();
            this.readings = FieldReading.read(request.taskContext(), typeName, fields);
            this.designable = DesignedTemplates.designable(readings);
            this.attempts = ATTEMPTS_PER_PROPOSAL * request.samples();
        }

        boolean full() {
            return accepted.size() >= request.samples();
        }

        /** The parent's normalized source, or null without a parent (or one that no longer parses). */
        String parentSource() {
            ProposalRequest.Parent parent = request.parent();
            if (parent == null) return null;
            String source = compiled(parent.program());
            if (source == null) return null;
            try {
                ParsedProgram.parse(source);
            } catch (IllegalArgumentException e) {
                return null;
            }
            seen.add(source);
            return source;
        }

        /**
         * Fresh programs until {@code target} proposals are in (or the attempts run out), with the reason: designed
         * from the state view's documentation when it says enough (its listed variants first, then designed and
         * random templates in turn, for diversity), random templates over the fields otherwise.
         */
        void fresh(int target, String reason) {
            while (accepted.size() < Math.min(target, request.samples()) && attempts-- > 0) {
                Candidate candidate = null;
                if (designable && (designed < DesignedTemplates.VARIANTS.size() || attempts % 2 == 0)) {
                    candidate =
                            DesignedTemplates.write(typeName, readings, DesignedTemplates.knobs(designed++, random));
                }
                if (candidate == null) candidate = FreshTemplates.random(typeName, fields, random);
                if (candidate == null) break;
                offer(candidate.source(), reason + ": " + candidate.summary());
            }
        }

        /**
         * The moves the reflection asks for, interleaved by round so each flagged component gets a turn: retune
         * near-constant components, rescale dominant ones down, strengthen those that move with F and weaken
         * those that move against it; after the first round, where F did not rise and the parent has no potential,
         * add the documentation's potential-based shaping. They take at most half of what is left.
         */
        void steered(String parent, ReflectionDiagnosis diagnosis) {
            int limit = accepted.size() + Math.max(1, (request.samples() - accepted.size() + 1) / 2);
            String f = diagnosis.fitnessClause();
            for (int round = 0; round < RETUNE_FACTORS.length; round++) {
                for (String name : diagnosis.nearConstant()) {
                    if (accepted.size() >= limit || full()) return;
                    double level = flatLevel(name);
                    // a term stuck near |1| (a bonus at its top) is saturated: sharpen it (temperature or scale
                    // up); one stuck near 0 is never earned: soften it (down); otherwise a large step either way
                    boolean top = level >= SATURATED;
                    boolean bottom = level <= UNEARNED;
                    double factor = top ? 1 / RETUNE_FACTORS[round] : RETUNE_FACTORS[round];
                    if (top && round % 2 == 1 || bottom && round % 2 == 1) continue; // one direction only
                    String why = top
                            ? "'" + name + "' stayed near " + ReflectionDiagnosis.two(flatValue(name))
                                    + " (saturated), so retune it up"
                            : bottom
                                    ? "'" + name + "' stayed near 0 (never earned), so retune it down"
                                    : "'" + name + "' barely moved, so retune it";
                    apply(parent, p -> ProgramMoves.retune(p, name, factor), f + "; " + why);
                }
                for (ReflectionDiagnosis.Dominant dominant : diagnosis.dominant()) {
                    if (accepted.size() >= limit || full()) return;
                    double factor = Math.min(0.8, dominant.factor() * (round + 1));
                    apply(
                            parent,
                            p -> ProgramMoves.rescale(p, dominant.name(), factor),
                            f + "; '" + dominant.name() + "' dwarfs the other components, so scale it down");
                }
                for (ReflectionDiagnosis.Correlated c : diagnosis.correlated()) {
                    if (accepted.size() >= limit || full()) return;
                    boolean with = c.r() > 0;
                    double factor = (with ? WITH_F_FACTORS : AGAINST_F_FACTORS)[round];
                    String r = ReflectionDiagnosis.two(c.r());
                    apply(
                            parent,
                            p -> ProgramMoves.reweight(p, c.name(), factor),
                            with
                                    ? f + "; '" + c.name() + "' moved with F (r " + r + "), so weigh it more"
                                    : f + "; '" + c.name() + "' moved against F (r " + r + "), so weigh it less");
                }
                if (round == 0 && accepted.size() < limit) shape(parent, diagnosis);
            }
        }

        /**
         * Where F plateaued, fell or stayed near zero, a parent without a potential gets the one the documentation
         * gives (pays each step's progress toward the goal, whatever the reward's other terms).
         */
        private void shape(String parent, ReflectionDiagnosis diagnosis) {
            ReflectionDiagnosis.Trend trend = diagnosis.trend();
            if (trend == ReflectionDiagnosis.Trend.ROSE || trend == ReflectionDiagnosis.Trend.UNKNOWN || full()) return;
            if (ParsedProgram.parse(parent).methods().stream()
                    .anyMatch(m -> m.getNameAsString().equals(PotentialShaping.METHOD))) return;
            String potential = DesignedTemplates.potential(typeName, readings, 1.0);
            if (potential == null) return;
            offer(
                    parent + "\n" + potential,
                    diagnosis.fitnessClause() + ", so add potential-based shaping toward the goal (weight 1.0)");
        }

        /** The mean of a component of the parent's reflection; NaN when it has none. */
        private double flatValue(String name) {
            for (Reflection.Series s : request.parent().reflection().components()) {
                if (s.name().equals(name)) return s.mean();
            }
            return Double.NaN;
        }

        /** |mean| of a flat component (NaN-safe: an unknown one reads as neither saturated nor unearned). */
        private double flatLevel(String name) {
            double v = Math.abs(flatValue(name));
            return Double.isNaN(v) ? 0.5 : v;
        }

        /** Random moves on the parent until the batch is full or the attempts run out; {@code reason} prefixes each. */
        void mutations(String parent, String reason) {
            ParsedProgram probe = ParsedProgram.parse(parent);
            int literals = ProgramMoves.literals(probe).size();
            List<String> components = probe.allComponents().stream()
                    .map(ParsedProgram.Component::name)
                    .toList();
            List<StateField> unused = new ArrayList<>();
            Set<String> read = probe.stateFieldsRead();
            for (StateField f : fields) {
                if (!read.contains(f.name()) && (f.continuous() || f.kind() == StateField.Kind.BOOLEAN)) unused.add(f);
            }
            while (!full() && attempts-- > 0) {
                Function<ParsedProgram, String> move =
                        switch (draw()) {
                            case CONSTANT -> {
                                if (literals == 0) yield null;
                                int index = random.nextInt(literals);
                                double factor = FACTORS[random.nextInt(FACTORS.length)];
                                yield p -> ProgramMoves.scaleLiteral(p, index, factor);
                            }
                            case RESCALE -> {
                                if (components.isEmpty()) yield null;
                                String name = components.get(random.nextInt(components.size()));
                                double factor = FACTORS[random.nextInt(FACTORS.length)];
                                yield p -> ProgramMoves.rescale(p, name, factor);
                            }
                            case REWEIGHT -> {
                                if (components.isEmpty()) yield null;
                                String name = components.get(random.nextInt(components.size()));
                                double factor = FACTORS[random.nextInt(FACTORS.length)];
                                yield p -> ProgramMoves.reweight(p, name, factor);
                            }
                            case RESHAPE -> {
                                if (components.isEmpty()) yield null;
                                String name = components.get(random.nextInt(components.size()));
                                Shape shape = Shape.CONTINUOUS.get(random.nextInt(Shape.CONTINUOUS.size()));
                                double constant = FreshTemplates.constant(shape, random);
                                yield p -> ProgramMoves.reshape(p, name, shape, constant, fields);
                            }
                            case ADD -> {
                                if (unused.isEmpty()) yield null;
                                StateField field = unused.get(random.nextInt(unused.size()));
                                Shape shape = field.kind() == StateField.Kind.BOOLEAN
                                        ? Shape.INDICATOR
                                        : Shape.CONTINUOUS.get(random.nextInt(Shape.CONTINUOUS.size()));
                                double constant = FreshTemplates.constant(shape, random);
                                yield p -> ProgramMoves.add(p, field, shape, constant);
                            }
                            case DROP -> {
                                if (components.isEmpty()) yield null;
                                String name = components.get(random.nextInt(components.size()));
                                yield p -> ProgramMoves.drop(p, name);
                            }
                        };
                if (move != null) apply(parent, move, reason);
            }
        }

        private Move draw() {
            int r = random.nextInt(TOTAL_WEIGHT);
            for (Move move : Move.values()) {
                if ((r -= move.weight) < 0) return move;
            }
            throw new AssertionError("weights cover the range");
        }

        /** Applies a move to a fresh copy of the parent and offers the result, its summary "reason: change". */
        private void apply(String parent, Function<ParsedProgram, String> move, String reason) {
            ParsedProgram program = ParsedProgram.parse(parent);
            String summary;
            try {
                summary = move.apply(program);
            } catch (RuntimeException e) {
                return; // a move that meets a shape it does not handle is skipped like one that does not apply
            }
            if (summary != null) offer(program.print(), reason + ": " + summary);
        }

        /** Accepts a program when the compiler does and it is new to this batch. */
        private boolean offer(String text, String summary) {
            if (full()) return false;
            summary = summary.replaceAll("\\s+", " ").strip(); // one line
            String source = compiled(text);
            if (source == null || !seen.add(source)) return false;
            accepted.put(source, summary);
            return true;
        }

        private String compiled(String text) {
            return compiler.compile(text, request.stateType()) instanceof CompileResult.Compiled c
                    ? c.reward().source()
                    : null;
        }

        /** Exactly {@code samples} proposals: the fallback template, then repeats, fill what is still missing. */
        List<Proposal> finish() {
            if (!full()) {
                Candidate fallback = FreshTemplates.fallback(typeName, fields);
                offer(fallback.source(), "no other valid program found: " + fallback.summary());
            }
            List<Proposal> proposals = new ArrayList<>();
            accepted.forEach((source, summary) -> proposals.add(Proposal.of(source, summary)));
            if (proposals.isEmpty()) {
                throw new IllegalStateException("no valid reward program for " + typeName + ": not even the fallback");
            }
            for (int i = 0; proposals.size() < request.samples(); i++) proposals.add(proposals.get(i));
            return proposals;
        }
    }
}
