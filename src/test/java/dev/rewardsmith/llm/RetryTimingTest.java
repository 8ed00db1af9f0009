package dev.rewardsmith.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryTimingTest {

    static ChatClient client(Duration initial, Duration max) {
        ChatClient c = new ChatClient();
        c.config = new LlmConfig() {
            public Optional<String> baseUrl() {
                return Optional.empty();
            }

            public Optional<String> apiKey() {
                return Optional.empty();
            }

            public Optional<String> model() {
                return Optional.empty();
            }

            public Optional<String> apiVersion() {
                return Optional.empty();
            }

            public double temperature() {
                return 1;
            }

            public int repairAttempts() {
                return 2;
            }

            public Optional<Integer> maxTokens() {
                return Optional.empty();
            }

            public String nPerRequest() {
                return "auto";
            }

            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            public int concurrency() {
                return 1;
            }

            public int maxRetries() {
                return 3;
            }

            public int maxResponseBytes() {
                return 4 << 20;
            }

            public Retry retry() {
                return new Retry() {
                    public Duration initialBackoff() {
                        return initial;
                    }

                    public Duration maxBackoff() {
                        return max;
                    }
                };
            }

            public Map<String, Price> prices() {
                return Map.of();
            }
        };
        return c;
    }

    @Test
    void backoffDoublesWithAtMostHalfAgainOfJitterUpToTheCap() {
        ChatClient c = client(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int attempt = 0; attempt < 3; attempt++) {
            long base = 100L << attempt;
            for (int i = 0; i < 50; i++) {
                long wait = c.backoff(attempt, null).toMillis();
                assertTrue(wait >= base && wait <= base * 3 / 2, attempt + ": " + wait);
            }
        }
        assertEquals(1000, c.backoff(10, null).toMillis());
        // the server's Retry-After wins, within the cap
        assertEquals(700, c.backoff(0, Duration.ofMillis(700)).toMillis());
        assertEquals(1000, c.backoff(0, Duration.ofSeconds(30)).toMillis());
    }

    @Test
    void retryAfterReadsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(2), ChatClient.retryAfter("2"));
        assertEquals(Duration.ofMillis(1500), ChatClient.retryAfter(" 1.5 "));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        long s = ChatClient.retryAfter(inTenSeconds).toSeconds();
        assertTrue(s >= 8 && s <= 10, "about ten seconds: " + s);
        assertEquals(Duration.ZERO, ChatClient.retryAfter("Mon, 01 Jan 2001 00:00:00 GMT"));
        assertNull(ChatClient.retryAfter(null));
        assertNull(ChatClient.retryAfter("soon"));
    }
}
