package dev.rewardsmith.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on rollout exports (GIF and MP4 encoding is CPU work: seconds per rollout). */
@ConfigMapping(prefix = "rewardsmith.export")
public interface ExportConfig {

    /** Videos encoded at once, each on its own worker thread (never on the event loop). */
    @WithDefault("2")
    int concurrency();

    /** Requests that wait for a free encoder; beyond them a request gets 503 with Retry-After. */
    @WithDefault("4")
    int queue();

    /** The Retry-After of a 503, in seconds. */
    @WithDefault("5")
    int retryAfterSeconds();
}
