package dev.rewardsmith.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoreShareTest {

    @Test
    void aTrainingBorrowsAnIdleCoreAndGivesItBackWhenAnotherStarts() {
        InProcessTrainingQueue.CoreShare cores = new InProcessTrainingQueue.CoreShare(2);
        cores.busy.incrementAndGet(); // training A starts
        assertTrue(cores.tryTake(), "one training, two cores: A borrows the second");
        assertEquals(2, cores.busy.get());
        assertFalse(cores.wanted());
        cores.busy.incrementAndGet(); // training B starts
        assertTrue(cores.wanted(), "three busy on two cores: A is asked to give back");
        assertFalse(cores.tryTake(), "B finds no idle core");
        cores.giveBack(); // A, at its next iteration
        assertFalse(cores.wanted());
        assertEquals(2, cores.busy.get());
        cores.busy.decrementAndGet(); // A ends
        assertTrue(cores.tryTake(), "B alone borrows the freed core");
        assertFalse(cores.tryTake(), "but only one");
        assertEquals(2, cores.busy.get());
    }
}
