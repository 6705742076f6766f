package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The events' next kind and time, kept up to date by each add and pop, against the scan of the
 * four heads that found them before, on fixed-seed random sequences: the same event comes next,
 * ties included, so the simulation runs its events in the same order.
 */
class DeviceEventsTest {

    /** The former form: each kind a FIFO of times made non-decreasing, the next the earliest head, ties to the lower kind. */
    private static final class Scanned {
        @SuppressWarnings("unchecked")
        private final ArrayDeque<long[]>[] kinds = new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(),
                new ArrayDeque<>(), new ArrayDeque<>()};

        void add(final int kind, final long time, final int offset, final int value, final long extra) {
            final ArrayDeque<long[]> fifo = kinds[kind];
            final long stored = fifo.isEmpty() ? time : Math.max(time, fifo.peekLast()[0]);
            fifo.addLast(new long[] {stored, offset, value, extra});
        }

        long headTime(final int kind) {
            return kinds[kind].isEmpty() ? Long.MAX_VALUE : kinds[kind].peekFirst()[0];
        }

        int nextKind() {
            int best = 0;
            for (int k = 1; k < kinds.length; k++) {
                if (headTime(k) < headTime(best)) {
                    best = k;
                }
            }
            return best;
        }

        long[] pop() {
            return kinds[nextKind()].pollFirst();
        }

        boolean isEmpty() {
            for (final ArrayDeque<long[]> kind : kinds) {
                if (!kind.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final nicharness.env.RegisterSpace NO_DEVICE = new nicharness.env.RegisterSpace() {
        @Override
        public int read(final int offset) {
            return 0;
        }

        @Override
        public void write(final int offset, final int value) {
        }

        @Override
        public long size() {
            return 1 << 17;
        }
    };

    @Test
    void theNextEventIsTheOneTheScanOfTheHeadsFound() {
        final PostedRegisters[] ports = {new PostedRegisters(NO_DEVICE, 0), new PostedRegisters(NO_DEVICE, 1)};
        for (final long seed : new long[] {1, 2, 3, 0x82599L}) {
            final SplittableRandom random = new SplittableRandom(seed);
            final DeviceEvents events = new DeviceEvents();
            final Scanned scanned = new Scanned();
            long clock = 1_000_000_000L;
            for (int step = 0; step < 200_000; step++) {
                // Phases of more adds than pops and the reverse: thousands of events in flight, and
                // none, so that each kind's ring grows while wrapped around.
                final int adds = step / 20_000 % 2 == 0 ? 6 : 4;
                final int op = random.nextInt(10);
                if (op < adds || scanned.isEmpty()) {
                    // Times near the clock, often equal (ties between kinds), sometimes earlier than the
                    // kind's last (the FIFO keeps them in order).
                    clock += random.nextInt(3);
                    final int kind = random.nextInt(4);
                    final long time = clock + random.nextInt(5) - 2;
                    final int offset = random.nextInt(1 << 16);
                    final int value = random.nextInt();
                    final long extra = random.nextLong();
                    events.add(kind, time, ports[offset & 1], offset, value, extra);
                    scanned.add(kind, time, offset, value, extra);
                } else {
                    final int kind = scanned.nextKind();
                    final long[] head = scanned.pop();
                    assertEquals(kind, events.nextKind(), "seed " + seed + ", step " + step);
                    assertEquals(head[0], events.nextTime(), "seed " + seed + ", step " + step);
                    assertEquals(head[1], events.nextOffset());
                    assertEquals(head[2], events.nextValue());
                    assertEquals(head[3], events.nextExtra());
                    assertSame(ports[(int) head[1] & 1], events.nextRegisters());
                    events.pop();
                }
                assertEquals(scanned.isEmpty(), events.isEmpty(), "seed " + seed + ", step " + step);
                assertEquals(scanned.headTime(scanned.nextKind()), events.nextTime(), "seed " + seed + ", step " + step);
                assertEquals(scanned.nextKind(), events.nextKind(), "seed " + seed + ", step " + step);
            }
        }
    }

    @Test
    void moreThanTheCapacityOfOneKindInFlightIsRefused() {
        final DeviceEvents events = new DeviceEvents();
        final PostedRegisters port = new PostedRegisters(NO_DEVICE, 0);
        for (int i = 0; i < DeviceEvents.CAPACITY; i++) {
            events.add(DeviceEvents.TRANSMIT, 1000 + i, port, i, i, i);
        }
        assertThrows(IllegalStateException.class, () -> events.add(DeviceEvents.TRANSMIT, 0, port, 0, 0, 0));
        events.add(DeviceEvents.ARRIVAL, 5000, port, 1, 2, 3); // another kind has room
        for (int i = 0; i < DeviceEvents.CAPACITY; i++) {
            assertEquals(DeviceEvents.TRANSMIT, events.nextKind());
            assertEquals(i, events.nextOffset());
            events.pop();
            if (i == 3999) {
                assertEquals(DeviceEvents.ARRIVAL, events.nextKind(), "5000 after 4999, ties to arrivals");
                events.pop();
            }
        }
        assertTrue(events.isEmpty());
    }
}
