package nicharness.harness.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one quiet-JIT rule: two chunks in a row with at most 10 ms of compilation each. */
class JitQuietTest {

    @Test
    void twoQuietChunksInARowAndABusyOneStartsTheCountAgain() {
        final long[] compiled = {500};
        final JitQuiet jit = new JitQuiet(() -> compiled[0]);
        compiled[0] += 300; // C2 at work on the data path
        assertFalse(jit.chunkEnded());
        compiled[0] += JitQuiet.QUIET_COMPILATION_MILLIS; // the trickle of C1 work allowed
        assertFalse(jit.chunkEnded(), "one quiet chunk is not enough");
        compiled[0] += JitQuiet.QUIET_COMPILATION_MILLIS + 1;
        assertFalse(jit.chunkEnded(), "a chunk over the allowance starts the count again");
        assertFalse(jit.chunkEnded());
        assertTrue(jit.chunkEnded());
        assertTrue(jit.quiet());
        assertEquals(821, jit.compiledMillis());
    }
}
