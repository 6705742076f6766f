package nicharness.env.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedStatTest {

    @Test
    void parsesTheKernelsThreeFields() {
        assertEquals(Optional.of(new SchedStat(2661622, 1500, 7)), SchedStat.parse("2661622 1500 7\n"));
    }

    @Test
    void anythingElseIsUnknownNotZero() {
        assertEquals(Optional.empty(), SchedStat.parse(""));
        assertEquals(Optional.empty(), SchedStat.parse("1 2"));
        assertEquals(Optional.empty(), SchedStat.parse("1 2 x"));
        assertEquals(Optional.empty(), SchedStat.parse("1 2 3 4"));
    }

    @Test
    void aMissingFileIsUnknown(@TempDir final Path folder) throws IOException {
        assertEquals(Optional.empty(), SchedStat.read(folder.resolve("schedstat")));
        Files.writeString(folder.resolve("schedstat"), "10 20 30\n");
        assertEquals(Optional.of(new SchedStat(10, 20, 30)), SchedStat.read(folder.resolve("schedstat")));
    }

    @Test
    void theCallingThreadCanReadItsOwnStatisticsOnThisMachine() {
        final long tid = SchedStat.currentThreadId();
        assertTrue(tid > 0, "tid " + tid);
        final Optional<SchedStat> stat = SchedStat.ofThread(tid);
        // A kernel without CONFIG_SCHED_INFO has no schedstat file; where it has one, a wrong tid
        // (no such task folder) must not pass unnoticed.
        assertEquals(Files.exists(Path.of("/proc/thread-self/schedstat")), stat.isPresent(), "tid " + tid);
        if (stat.isPresent()) {
            assertTrue(stat.get().onCpuNanos() > 0, stat.toString());
            assertTrue(stat.get().timeslices() > 0, stat.toString());
        }
    }
}
