package dev.rewardsmith.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The server with small per-user quotas, so {@link LimitsTest} can reach them with a few searches. */
public class LowQuotasProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rewardsmith.limits.active-searches-per-user", "2",
                "rewardsmith.limits.queued-trainings-per-user", "40");
    }
}
