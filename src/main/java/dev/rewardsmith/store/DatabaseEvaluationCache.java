package dev.rewardsmith.store;

import dev.rewardsmith.search.EvaluationCache;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.OptionalDouble;

/** The evaluation cache in PostgreSQL, shared by every search of the server; called from search threads. */
@ApplicationScoped
public class DatabaseEvaluationCache implements EvaluationCache {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Override
    public OptionalDouble fitness(String key) {
        var rows = pool.preparedQuery("select fitness from evaluation_trainings where key = $1")
                .execute(Tuple.of(key))
                .await()
                .atMost(TIMEOUT);
        for (Row r : rows) return OptionalDouble.of(r.getDouble("fitness"));
        return OptionalDouble.empty();
    }

    @Override
    public void put(String key, String task, double fitness) {
        pool.preparedQuery("insert into evaluation_trainings (key, task, fitness) values ($1, $2, $3)"
                        + " on conflict (key) do nothing")
                .execute(Tuple.of(key, task, fitness))
                .await()
                .atMost(TIMEOUT);
    }
}
