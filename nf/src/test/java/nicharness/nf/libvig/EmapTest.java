package nicharness.nf.libvig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The map (with its chain counters), the expirator and the emap built on them (Vigor
 * {@code libvig/verified/}).
 */
class EmapTest {

    private record Key(long k0, long k1) {
    }

    @Test
    void addGetEraseAndIndexReuse() {
        final Emap table = new Emap(4);
        assertEquals(0, table.add(10, 1, 100));
        assertEquals(1, table.add(20, 2, 101));
        assertEquals(0, table.get(10, 1));
        assertEquals(1, table.get(20, 2));
        assertEquals(-1, table.get(10, 2));
        assertEquals(10, table.key0(0));
        assertEquals(2, table.key1(1));
        assertTrue(table.erase(0));
        assertFalse(table.erase(0));
        assertEquals(-1, table.get(10, 1));
        assertEquals(0, table.add(30, 3, 102), "the erased index is reused first");
        assertEquals(2, table.add(40, 4, 103));
        assertEquals(3, table.add(50, 5, 104));
        assertTrue(table.isFull());
        assertEquals(-1, table.add(60, 6, 105));
        assertEquals(-1, table.get(60, 6), "a refused add leaves no trace");
    }

    @Test
    void expiryRemovesKeysStrictlyOlderThanTheThresholdOldestFirst() {
        final Emap table = new Emap(8);
        table.add(1, 0, 100);
        table.add(2, 0, 200);
        table.add(3, 0, 300);
        table.refresh(0, 350);
        assertEquals(0, table.expireAll(200), "an entry touched exactly at the threshold survives");
        assertEquals(1, table.expireAll(201));
        assertEquals(-1, table.get(2, 0));
        assertEquals(0, table.get(1, 0));
        assertEquals(1, table.expireAll(301), "oldest first: index 2 (300) before index 0 (350)");
        assertEquals(1, table.expireAll(351));
        assertEquals(0, table.size());
        assertEquals(0, table.add(9, 9, 400), "expired indices are reused last-in first-out");
        assertEquals(2, table.add(8, 8, 400));
        assertEquals(1, table.add(7, 7, 400));
    }

    @Test
    void aFullTableFindsEveryKeyAndMissesQuickly() {
        final Emap table = new Emap(1024);
        for (int i = 0; i < 1024; i++) {
            assertEquals(i, table.add(i * 7919L, i, i));
        }
        for (int i = 0; i < 1024; i++) {
            assertEquals(i, table.get(i * 7919L, i));
        }
        assertEquals(-1, table.get(-1, -1));
    }

    /** Random puts and erases against {@link HashMap} in a small, crowded map (fixed seed), so probe chains cross. */
    @Test
    void matchesAHashMapUnderChurn() {
        final SplittableRandom random = new SplittableRandom(42);
        final KeyVector keys = new KeyVector(64);
        final IndexMap map = new IndexMap(64, keys);
        final DoubleChain chain = new DoubleChain(64);
        final Map<Key, Integer> model = new HashMap<>();
        for (int step = 0; step < 300_000; step++) {
            final Key key = new Key(random.nextInt(100), random.nextInt(3));
            final Integer present = model.get(key);
            assertEquals(null == present ? -1 : present, map.get(key.k0, key.k1));
            if (null == present && random.nextBoolean()) {
                final int index = chain.allocateNewIndex(step);
                if (index >= 0) {
                    keys.set(index, key.k0, key.k1);
                    map.put(key.k0, key.k1, index);
                    model.put(key, index);
                }
            } else if (null != present) {
                assertEquals(present, map.erase(key.k0, key.k1));
                chain.freeIndex(present);
                model.remove(key);
            }
            assertEquals(model.size(), map.size());
        }
    }

    @Test
    void capacityMustBeAPowerOfTwoBelowLibVigsLimit() {
        assertThrows(IllegalArgumentException.class, () -> new Emap(0));
        assertThrows(IllegalArgumentException.class, () -> new Emap(1000));
        assertThrows(IllegalArgumentException.class, () -> new Emap(262_144));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexMap.checkCapacity("x", 3));
        assertTrue(e.getMessage().contains("power of two") && e.getMessage().contains("x=3"), e.getMessage());
        assertEquals(131_072, new Emap(131_072).capacity());
    }
}
