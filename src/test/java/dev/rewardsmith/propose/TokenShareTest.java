package dev.rewardsmith.propose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An exchange's tokens are split over its proposals so that the shares add up; unreported usage is estimated. */
class TokenShareTest {

    @Test
    void tokensSplitEvenlyAndAddUp() {
        int total = 0;
        for (int i = 0; i < 3; i++) total += LlmProposer.share(400, 3, i);
        assertEquals(400, total);
        assertEquals(134, LlmProposer.share(400, 3, 0));
        assertEquals(133, LlmProposer.share(400, 3, 2));
        assertEquals(3, LlmProposer.estimate(9));
    }
}
