package dev.rewardsmith.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A model's answer is read up to the limit and no further: the bytes past it are never asked for. */
class ResponseCapTest {

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws Exception {
        String body = "{\"ok\": \"é\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(body, ChatClient.read(new ByteArrayInputStream(bytes), bytes.length));
    }

    @Test
    void anEndlessBodyStopsJustPastTheLimit() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                served.addAndGet(len);
                return len;
            }
        };
        assertThrows(ChatClient.TooLarge.class, () -> ChatClient.read(endless, 1_000_000));
        assertEquals(1_000_000 + 16 * 1024, served.get(), 16 * 1024, "read one buffer past the limit at most");
    }
}
