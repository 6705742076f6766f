package nicharness.nf.libvig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The double chain's semantics (Vigor {@code libvig/verified/double-chain-impl.c}): ascending fresh
 * indices, LIFO reuse, strict expiry.
 */
class DoubleChainTest {

    @Test
    void freshIndicesComeInAscendingOrderUntilFull() {
        final DoubleChain chain = new DoubleChain(5);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, chain.allocateNewIndex(100 + i));
        }
        assertTrue(chain.isFull());
        assertEquals(-1, chain.allocateNewIndex(200));
        assertEquals(5, chain.size());
    }

    @Test
    void freedIndicesAreReusedLastInFirstOut() {
        final DoubleChain chain = new DoubleChain(8);
        for (int i = 0; i < 6; i++) {
            chain.allocateNewIndex(i);
        }
        assertTrue(chain.freeIndex(2));
        assertTrue(chain.freeIndex(4));
        assertTrue(chain.freeIndex(1));
        // Most recently freed first, then the fresh ones continue ascending.
        assertEquals(1, chain.allocateNewIndex(10));
        assertEquals(4, chain.allocateNewIndex(10));
        assertEquals(2, chain.allocateNewIndex(10));
        assertEquals(6, chain.allocateNewIndex(10));
        assertEquals(7, chain.allocateNewIndex(10));
    }

    @Test
    void expiredIndicesAreReusedLastInFirstOutToo() {
        final DoubleChain chain = new DoubleChain(4);
        chain.allocateNewIndex(1); // 0
        chain.allocateNewIndex(2); // 1
        chain.allocateNewIndex(3); // 2
        assertEquals(0, chain.expireOneIndex(3));
        assertEquals(1, chain.expireOneIndex(3));
        assertEquals(-1, chain.expireOneIndex(3));
        assertEquals(1, chain.allocateNewIndex(5));
        assertEquals(0, chain.allocateNewIndex(5));
        assertEquals(3, chain.allocateNewIndex(5));
    }

    @Test
    void expiryIsStrictlyBeforeTheThreshold() {
        final DoubleChain chain = new DoubleChain(2);
        chain.allocateNewIndex(1000);
        assertEquals(-1, chain.expireOneIndex(1000), "timestamp == threshold survives");
        assertTrue(chain.isIndexAllocated(0));
        assertEquals(0, chain.expireOneIndex(1001), "timestamp == threshold - 1 expires");
        assertFalse(chain.isIndexAllocated(0));
    }

    @Test
    void rejuvenationMovesAnIndexToTheNewestEnd() {
        final DoubleChain chain = new DoubleChain(3);
        chain.allocateNewIndex(10); // 0
        chain.allocateNewIndex(20); // 1
        chain.allocateNewIndex(30); // 2
        assertTrue(chain.rejuvenateIndex(0, 40));
        assertEquals(40, chain.timestamp(0));
        assertEquals(1, chain.expireOneIndex(41));
        assertEquals(2, chain.expireOneIndex(41));
        assertEquals(0, chain.expireOneIndex(41));
        assertEquals(-1, chain.expireOneIndex(Long.MAX_VALUE));
        assertFalse(chain.rejuvenateIndex(0, 50), "a free index cannot be rejuvenated");
    }

    @Test
    void indicesOutsideTheRangeAreNeverAllocated() {
        final DoubleChain chain = new DoubleChain(4);
        chain.allocateNewIndex(0);
        assertFalse(chain.isIndexAllocated(-1));
        assertFalse(chain.isIndexAllocated(4));
        assertFalse(chain.isIndexAllocated(Integer.MIN_VALUE));
        assertFalse(chain.freeIndex(17));
        assertFalse(chain.rejuvenateIndex(-3, 1));
        assertFalse(chain.freeIndex(1), "an unallocated index cannot be freed");
    }

    @Test
    void rejectsARangeOutsideLibVigsBounds() {
        assertThrows(IllegalArgumentException.class, () -> new DoubleChain(0));
        assertThrows(IllegalArgumentException.class, () -> new DoubleChain(DoubleChain.MAX_RANGE + 1));
        assertEquals(DoubleChain.MAX_RANGE, new DoubleChain(DoubleChain.MAX_RANGE).range());
    }

    /** A random sequence of operations against a plain model of the two lists (fixed seed). */
    @Test
    void matchesAModelOfTheTwoLists() {
        final SplittableRandom random = new SplittableRandom(20200101);
        final int range = 64;
        final DoubleChain chain = new DoubleChain(range);
        final Deque<Integer> free = new ArrayDeque<>();
        for (int i = 0; i < range; i++) {
            free.addLast(i);
        }
        final LinkedHashMap<Integer, Long> allocated = new LinkedHashMap<>(); // insertion order = oldest first
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(3);
            final int op = random.nextInt(4);
            if (0 == op) {
                final int expected = free.isEmpty() ? -1 : free.pollFirst();
                assertEquals(expected, chain.allocateNewIndex(now));
                if (expected >= 0) {
                    allocated.put(expected, now);
                }
            } else if (1 == op) {
                final int index = random.nextInt(range + 2) - 1;
                final boolean expected = allocated.containsKey(index);
                assertEquals(expected, chain.rejuvenateIndex(index, now));
                if (expected) {
                    allocated.remove(index);
                    allocated.put(index, now);
                }
            } else if (2 == op) {
                final long threshold = now - random.nextInt(20);
                final Map.Entry<Integer, Long> oldest = allocated.isEmpty() ? null : allocated.entrySet().iterator().next();
                final int expected = null != oldest && oldest.getValue() < threshold ? oldest.getKey() : -1;
                assertEquals(expected, chain.expireOneIndex(threshold));
                if (expected >= 0) {
                    allocated.remove(expected);
                    free.addFirst(expected);
                }
            } else {
                final int index = random.nextInt(range);
                final boolean expected = allocated.containsKey(index);
                assertEquals(expected, chain.freeIndex(index));
                if (expected) {
                    allocated.remove(index);
                    free.addFirst(index);
                }
            }
            assertEquals(allocated.size(), chain.size());
        }
        final List<Integer> order = new ArrayList<>(allocated.keySet());
        for (final int index : order) {
            assertEquals(index, chain.expireOneIndex(Long.MAX_VALUE));
        }
    }
}
