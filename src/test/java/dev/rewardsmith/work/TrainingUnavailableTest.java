package dev.rewardsmith.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A search asked of a server whose workers' broker is missing or unreachable is refused with the reason. */
class TrainingUnavailableTest {

    private static SearchService service(String mode, String url) {
        SearchService s = new SearchService();
        s.mode = mode;
        s.brokerUrl = Optional.ofNullable(url);
        return s;
    }

    @Test
    void brokerModeWithoutAUrlSaysWhichSettingIsMissing() {
        Optional<String> reason = service("broker", null).trainingUnavailable();
        assertEquals(
                Optional.of("rewardsmith.workers.mode=broker needs rewardsmith.workers.broker-url"
                        + " (REWARDSMITH_WORKERS_BROKER_URL)"),
                reason);
    }

    @Test
    void anUnreachableBrokerIsNamedWithoutItsPassword() {
        // port 1 on loopback: nothing listens, the connection is refused at once
        Optional<String> reason =
                service("broker", "amqp://guest:secret@127.0.0.1:1").trainingUnavailable();
        assertTrue(reason.isPresent());
        assertTrue(reason.get().startsWith("the broker at "), reason.get());
        assertTrue(reason.get().contains("cannot be reached"), reason.get());
        assertTrue(!reason.get().contains("secret"), reason.get());
    }

    @Test
    void aBrokerUrlThatIsNotAmqpIsRefusedAsUnreachableNotThrown() {
        Optional<String> reason = service("broker", "http://example.org").trainingUnavailable();
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("cannot be reached"), reason.get());
    }
}
