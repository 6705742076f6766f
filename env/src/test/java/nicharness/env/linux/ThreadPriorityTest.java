package nicharness.env.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;

class ThreadPriorityTest {

    /** Field 19 of /proc/self/task/TID/stat: the thread's nice value. */
    private static int niceOf(final long tid) throws Exception {
        final String stat = Files.readString(Path.of("/proc/self/task", Long.toString(tid), "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void aThreadCanLowerItsOwnPriorityAndOnlyItsOwn() throws Exception {
        final long self = SchedStat.currentThreadId();
        final int start = niceOf(self); // 0 normally; whatever `nice mvn` gave otherwise
        final int wanted = Math.min(19, start + 1); // raising a nice value is always permitted
        final long[] tid = new long[1];
        final String[] why = new String[1];
        final int[] nice = new int[1];
        final Thread thread = new Thread(() -> {
            tid[0] = SchedStat.currentThreadId();
            why[0] = ThreadPriority.set(0, wanted);
            try {
                nice[0] = niceOf(tid[0]);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        Wait.join(thread, "setting its priority", Wait.DEFAULT);
        assertNull(why[0]);
        assertEquals(wanted, nice[0]);
        assertEquals(start, niceOf(self), "the calling thread keeps its own");
    }

    @Test
    void aThreadThatDoesNotExistIsAnErrorMessageNotAnException() {
        final String why = ThreadPriority.set(Integer.MAX_VALUE - 1, 0);
        assertNotNull(why);
        assertTrue(why.contains("errno 3") || why.contains("EPERM"), why);
    }
}
