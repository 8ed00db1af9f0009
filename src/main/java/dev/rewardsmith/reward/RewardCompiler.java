package dev.rewardsmith.reward;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.codehaus.janino.SimpleCompiler;

/**
 * Turns reward program text (as an LLM or a person wrote it) into a {@link RewardFunction}: extract, parse,
 * validate, compile with Janino. Thread-safe; compiled programs are cached by (hash of the normalized source,
 * state type), so the same program compiles once whatever prose surrounded it.
 */
public final class RewardCompiler {

    private static final String PACKAGE = "dev.rewardsmith.generated";
    private static final String CLASS = "RewardProgram";
    private static final int CACHE_SIZE = 1024;

    private final Map<CacheKey, CompiledReward> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, CompiledReward> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    /** Exact texts seen before, so a repeated request skips validation too. */
    private final Map<CacheKey, CompiledReward> texts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, CompiledReward> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final Map<Class<?>, StateLayout> layouts = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();

    private record CacheKey(String sourceHash, Class<?> stateType) {}

    /**
     * Compiles a reward program for a state view. Never throws on bad text: every problem comes back in the
     * result, in source order.
     *
     * @param text the program, possibly with prose, fences, imports, a class wrapper around it
     * @param stateType the task's state view (public class, public no-arg constructor, public fields of type
     *     double, int, boolean or fixed-length double[])
     * @throws IllegalArgumentException if {@code stateType} does not follow the state view convention
     */
    public CompileResult compile(String text, Class<?> stateType) {
        StateLayout layout = layout(stateType);
        CacheKey textKey = text == null ? null : new CacheKey(sha256(text), stateType);
        if (textKey != null) {
            CompiledReward seen;
            synchronized (cache) {
                seen = texts.get(textKey);
            }
            if (seen != null) {
                return new CompileResult.Compiled(seen);
            }
        }
        ProgramChecker.Analysis analysis;
        try {
            analysis = ProgramChecker.analyze(text, layout);
        } catch (RuntimeException e) {
            return new CompileResult.Rejected(
                    List.of(new Problem(Stage.VALIDATE, 0, 0, "the program could not be checked: " + e)));
        }
        if (analysis.program() == null) {
            return new CompileResult.Rejected(analysis.problems());
        }
        CheckedProgram program = analysis.program();
        CacheKey key = new CacheKey(sha256(program.source()), stateType);
        CompiledReward cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        if (cached != null) {
            synchronized (cache) {
                texts.put(textKey, cached);
            }
            return new CompileResult.Compiled(cached);
        }
        RewardFunction function;
        try {
            function = compileClass(program);
        } catch (Exception | LinkageError | AssertionError e) {
            return new CompileResult.Rejected(List.of(
                    new Problem(Stage.COMPILE, 0, 0, "the validated program did not compile: " + e.getMessage())));
        }
        CompiledReward compiled = new CompiledReward(program.source(), program.componentNames(), function);
        synchronized (cache) {
            CompiledReward raced = cache.putIfAbsent(key, compiled);
            CompiledReward result = raced != null ? raced : compiled;
            texts.put(textKey, result);
            return new CompileResult.Compiled(result);
        }
    }

    /** How many programs were compiled to classes so far (cache hits do not count). */
    public int compilations() {
        return compilations.get();
    }

    /** The checked form of an accepted program's normalized source, for the C emitter. */
    CheckedProgram check(String source, Class<?> stateType) {
        ProgramChecker.Analysis analysis = ProgramChecker.analyze(source, layout(stateType));
        if (analysis.program() == null) {
            throw new IllegalArgumentException("not a valid reward program: " + analysis.problems());
        }
        return analysis.program();
    }

    private StateLayout layout(Class<?> stateType) {
        return layouts.computeIfAbsent(stateType, StateLayout::of);
    }

    private RewardFunction compileClass(CheckedProgram program) throws Exception {
        String source = ProgramEmitter.javaClass(program, PACKAGE, CLASS);
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(new ProgramParentLoader(program.layout().type()));
        compiler.setDebuggingInformation(false, false, false);
        compiler.cook(source);
        compilations.incrementAndGet();
        Class<?> type = compiler.getClassLoader().loadClass(PACKAGE + "." + CLASS);
        return (RewardFunction) type.getConstructor(List.class).newInstance(program.componentNames());
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The parent of each generated class's loader: it sees the reward interface, the state view and the parts
     * of java.lang the compiler needs, and nothing else (defence in depth behind the validator).
     */
    private static final class ProgramParentLoader extends ClassLoader {

        /** Janino itself requires java.lang.System, java.util.Iterator and Retention to start; not the rest. */
        private static final Set<String> DENIED = Set.of(
                "java.lang.Runtime",
                "java.lang.Process",
                "java.lang.ProcessBuilder",
                "java.lang.Thread",
                "java.lang.ThreadGroup",
                "java.lang.ClassLoader",
                "java.lang.Module",
                "java.lang.ModuleLayer",
                "java.lang.StackWalker",
                "java.lang.SecurityManager",
                "java.lang.ScopedValue",
                "java.lang.InheritableThreadLocal",
                "java.lang.ThreadLocal",
                "java.lang.VirtualThread",
                "java.lang.Shutdown");

        private final Map<String, Class<?>> visible = new ConcurrentHashMap<>();

        ProgramParentLoader(Class<?> stateType) {
            super(null);
            visible.put(RewardFunction.class.getName(), RewardFunction.class);
            for (Class<?> c = stateType; c != null; c = c.getEnclosingClass()) {
                visible.put(c.getName(), c);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            Class<?> known = visible.get(name);
            if (known != null) {
                return known;
            }
            boolean javaLang = name.startsWith("java.lang.") && name.indexOf('.', "java.lang.".length()) < 0;
            if ((javaLang && !DENIED.contains(name))
                    || name.equals("java.util.List")
                    || name.equals("java.util.Iterator")
                    || name.equals("java.io.Serializable")
                    || name.equals("java.lang.annotation.Retention")) {
                return super.loadClass(name, resolve);
            }
            throw new ClassNotFoundException(name + " is not visible to reward programs");
        }
    }
}
