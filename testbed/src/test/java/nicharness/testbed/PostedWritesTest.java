package nicharness.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import nicharness.env.RegisterSpace;
import org.junit.jupiter.api.Test;

/**
 * Posted register writes: in order, across ports, delivered before any read. That the card sees the
 * same thing with every driver is {@code DriverRigPostingTest}'s, in bench, where the drivers are.
 */
class PostedWritesTest {

    /** What reached the ports, in order ("port:offset=value", "port:read offset"). */
    private final List<String> log = new ArrayList<>();

    /** Writes posted for {@code ports} ports that record what reaches them in {@link #log}. */
    private PostedWrites postedFor(final int ports) {
        final RegisterSpace[] targets = new RegisterSpace[ports];
        for (int p = 0; p < ports; p++) {
            targets[p] = recording(p);
        }
        return new PostedWrites(targets);
    }

    /** Records what reaches it in the log the ports share. */
    private RegisterSpace recording(final int port) {
        return new RegisterSpace() {
            @Override
            public int read(final int offset) {
                log.add(port + ":read " + offset);
                return 7;
            }

            @Override
            public void write(final int offset, final int value) {
                log.add(port + ":" + offset + "=" + value);
            }

            @Override
            public long size() {
                return 1 << 17;
            }
        };
    }

    @Test
    void writesReachThePortsInIssueOrderWhenDeliveredAndNotBefore() {
        final PostedWrites posted = postedFor(2);
        posted.post(true);
        posted.view(1).write(0x6018, 5);
        posted.view(0).write(0x1018, 6);
        posted.view(1).write(0x6018, 8);
        assertEquals(List.of(), log, "nothing reaches a port while posted");
        assertEquals(3, posted.held());
        posted.deliver();
        assertEquals(List.of("1:24600=5", "0:4120=6", "1:24600=8"), log);
        assertEquals(0, posted.held());
    }

    @Test
    void aReadDeliversEveryEarlierWriteFirst() {
        final PostedWrites posted = postedFor(2);
        posted.post(true);
        posted.view(0).write(4, 1);
        assertEquals(7, posted.view(1).read(8));
        assertEquals(List.of("0:4=1", "1:read 8"), log);
    }

    @Test
    void notPostingWritesThroughAndStoppingDeliversWhatIsHeld() {
        final PostedWrites posted = postedFor(1);
        posted.view(0).write(4, 1);
        assertEquals(List.of("0:4=1"), log, "not posting: at once");
        posted.post(true);
        posted.view(0).write(4, 2);
        posted.post(false);
        assertEquals(List.of("0:4=1", "0:4=2"), log);
    }

    @Test
    void aFullLogDeliversEarlyInsteadOfGrowing() {
        final PostedWrites posted = postedFor(1);
        posted.post(true);
        for (int i = 0; i <= PostedWrites.CAPACITY; i++) {
            posted.view(0).write(4, i);
        }
        assertEquals(PostedWrites.CAPACITY, log.size());
        assertEquals("0:4=" + (PostedWrites.CAPACITY - 1), log.getLast());
        assertEquals(1, posted.held());
    }
}
