package dev.rewardsmith.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Builds and serves the {@code webui/} app (Quinoa is off in other tests to keep them fast). */
public class WebUiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.quinoa", "true");
    }
}
