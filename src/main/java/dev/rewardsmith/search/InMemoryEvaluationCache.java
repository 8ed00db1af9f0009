package dev.rewardsmith.search;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/** The evaluation cache of one process (the command line's suite benchmark, tests). */
public final class InMemoryEvaluationCache implements EvaluationCache {

    private final Map<String, Double> fitness = new ConcurrentHashMap<>();

    @Override
    public OptionalDouble fitness(String key) {
        Double f = fitness.get(key);
        return f == null ? OptionalDouble.empty() : OptionalDouble.of(f);
    }

    @Override
    public void put(String key, String task, double value) {
        fitness.put(key, value);
    }

    public int size() {
        return fitness.size();
    }
}
