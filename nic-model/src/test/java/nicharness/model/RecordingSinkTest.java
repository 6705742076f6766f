package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class RecordingSinkTest {

    @Test
    void pastItsCapacityTheSinkRefusesTheFrameAndEveryLaterReadFailsWithTheReason() {
        final RecordingSink sink = new RecordingSink(3);
        final MemorySegment frame = MemorySegment.ofArray(Fixture.frame(60, 1));
        for (int i = 0; i < 3; i++) {
            sink.frame(frame, 0, 60);
        }
        assertEquals(3, sink.count());
        final AssertionError refused = assertThrows(AssertionError.class, () -> sink.frame(frame, 0, 60));
        assertTrue(refused.getMessage().startsWith("RecordingSink overflowed: the wire carried more than its capacity of 3 frames"),
                refused.getMessage());
        // The frame may have arrived on an engine thread: the test thread learns of it when it reads.
        assertThrows(AssertionError.class, sink::count);
        assertThrows(AssertionError.class, sink::frames);
    }

    @Test
    void theDefaultCapacityIsFarAboveAnyTestsTraffic() {
        assertEquals(RecordingSink.DEFAULT_CAPACITY, new RecordingSink().capacity());
        assertTrue(RecordingSink.DEFAULT_CAPACITY >= 1_000_000);
    }
}
