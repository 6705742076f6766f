package nicharness.nf.libvig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CHT's construction and lookup (Vigor {@code libvig/verified/cht.c}). */
class ConsistentHashTableTest {

    /**
     * The fill order of Vigor's {@code cht.c}, written out naively: for k, for j, append j to row
     * perm_j(k). Lists instead of arrays so that it shares nothing with the code under test.
     */
    private static List<List<Integer>> referenceRows(final int height, final int backends) {
        final List<List<Integer>> rows = new ArrayList<>();
        for (int r = 0; r < height; r++) {
            rows.add(new ArrayList<>());
        }
        for (int k = 0; k < height; k++) {
            for (int j = 0; j < backends; j++) {
                final int offset = 31 * j % height;
                final int shift = j % (height - 1) + 1;
                rows.get((offset + shift * k) % height).add(j);
            }
        }
        return rows;
    }

    @Test
    void thePaperTableMatchesTheReferenceFillOrder() {
        final ConsistentHashTable cht = new ConsistentHashTable(97, 32);
        final List<List<Integer>> rows = referenceRows(97, 32);
        for (int r = 0; r < 97; r++) {
            for (int i = 0; i < 32; i++) {
                assertEquals(rows.get(r).get(i), cht.preference(r, i), "row " + r + " rank " + i);
            }
        }
    }

    @Test
    void everyRowIsAPermutationOfTheBackendsAndNotTheIdentity() {
        final ConsistentHashTable cht = new ConsistentHashTable(97, 32);
        int identityRows = 0;
        for (int r = 0; r < 97; r++) {
            final boolean[] seen = new boolean[32];
            boolean identity = true;
            for (int i = 0; i < 32; i++) {
                final int b = cht.preference(r, i);
                assertEquals(false, seen[b], "backend " + b + " twice in row " + r);
                seen[b] = true;
                identity &= b == i;
            }
            identityRows += identity ? 1 : 0;
        }
        // The swapped loop order would make every row 0, 1, ..., 31 (C-verified counter-example).
        assertNotEquals(97, identityRows);
    }

    @Test
    void smallTableByHand() {
        // H = 5, B = 2: backend 0 has offset 0, shift 1 -> rows 0,1,2,3,4 for k = 0..4;
        // backend 1 has offset 31 mod 5 = 1, shift 2 -> rows 1,3,0,2,4.
        // k=0: row0 <- 0, row1 <- 1; k=1: row1 <- 0, row3 <- 1; k=2: row2 <- 0, row0 <- 1;
        // k=3: row3 <- 0, row2 <- 1; k=4: row4 <- 0, row4 <- 1.
        final ConsistentHashTable cht = new ConsistentHashTable(5, 2);
        final int[][] expected = {{0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}};
        for (int r = 0; r < 5; r++) {
            assertEquals(expected[r][0], cht.preference(r, 0), "row " + r);
            assertEquals(expected[r][1], cht.preference(r, 1), "row " + r);
        }
    }

    @Test
    void lookupTakesTheFirstActiveBackendOfTheUnsignedHashRow() {
        final ConsistentHashTable cht = new ConsistentHashTable(97, 32);
        final DoubleChain active = new DoubleChain(32);
        assertEquals(-1, cht.findPreferredAvailableBackend(12345, active));
        for (int i = 0; i < 32; i++) {
            active.allocateNewIndex(0);
        }
        final int hash = 0xDEAD_BEEF; // negative as an int: the row is taken unsigned
        final int row = (int) (0xDEAD_BEEFL % 97);
        assertEquals(row, cht.row(hash));
        assertEquals(cht.preference(row, 0), cht.findPreferredAvailableBackend(hash, active));
        active.freeIndex(cht.preference(row, 0));
        active.freeIndex(cht.preference(row, 1));
        assertEquals(cht.preference(row, 2), cht.findPreferredAvailableBackend(hash, active));
    }

    @Test
    void rejectsHeightsAndCapacitiesOutsideLibVigsRules() {
        assertThrows(IllegalArgumentException.class, () -> new ConsistentHashTable(96, 32));
        assertThrows(IllegalArgumentException.class, () -> new ConsistentHashTable(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConsistentHashTable(40_009, 2));
        assertThrows(IllegalArgumentException.class, () -> new ConsistentHashTable(97, 97));
        assertThrows(IllegalArgumentException.class, () -> new ConsistentHashTable(97, 0));
    }
}
