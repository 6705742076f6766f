package nicharness.nf.libvig;

/**
 * libVig's consistent-hashing table ({@code libvig/verified/cht.c} at vigor-nf/vigor 4979e590), the
 * load balancer's "Maglev-like" backend choice.
 *
 * <p>The table has {@code height} rows of {@code backendCapacity} entries; row {@code r} is a
 * preference list, a permutation of all backend indices. Backend {@code j} visits the rows in the
 * order {@code perm_j(k) = (offset_j + shift_j * k) mod height}, with {@code offset_j = 31 j mod
 * height} and {@code shift_j = (j mod (height - 1)) + 1}: a permutation of the rows because the
 * height is prime. The table is filled with {@code k} in the outer loop and {@code j} in the inner
 * loop, each backend appended to the row it visits; that order reproduces the C tables exactly
 * (C-verified; the other order would make every row {@code 0, 1, ..., B-1}).
 *
 * <p>Unlike Google's Maglev, which keeps one backend per slot, every row keeps all backends in
 * preference order, and a lookup takes the first one that is alive.
 */
public final class ConsistentHashTable {

    /** libVig's bound on the height ({@code cht.h}: {@code MAX_CHT_HEIGHT}, exclusive). */
    public static final int MAX_HEIGHT = 40_000;

    private final int height;
    private final int backendCapacity;
    private final int[] table;

    /**
     * Builds the table.
     *
     * @param height          the number of rows: a prime in (0, {@value #MAX_HEIGHT})
     * @param backendCapacity the number of backends, in (0, height)
     * @throws IllegalArgumentException naming the value and the accepted range
     */
    public ConsistentHashTable(final int height, final int backendCapacity) {
        checkHeight("cht height", height);
        if (backendCapacity <= 0 || backendCapacity >= height) {
            throw new IllegalArgumentException("backend capacity must be in [1, cht height - 1] = [1, " + (height - 1)
                    + "]: backend capacity=" + backendCapacity);
        }
        this.height = height;
        this.backendCapacity = backendCapacity;
        this.table = new int[height * backendCapacity];
        final int[] filled = new int[height];
        for (long k = 0; k < height; k++) {
            for (int j = 0; j < backendCapacity; j++) {
                final long offset = (31L * j) % height;
                final long shift = (j % (height - 1)) + 1;
                final int row = (int) ((offset + shift * k) % height);
                table[row * backendCapacity + filled[row]] = j;
                filled[row]++;
            }
        }
    }

    /**
     * Checks a CHT height.
     *
     * @param what names the setting in the message
     * @throws IllegalArgumentException if the height is not a prime in (0, {@value #MAX_HEIGHT})
     */
    public static void checkHeight(final String what, final long height) {
        if (height <= 0 || height >= MAX_HEIGHT || !isPrime(height)) {
            throw new IllegalArgumentException(what + " must be a prime in [2, " + (MAX_HEIGHT - 1)
                    + "] (the rows' permutations need a prime height): " + what + "=" + height);
        }
    }

    private static boolean isPrime(final long n) {
        if (n < 2) {
            return false;
        }
        for (long d = 2; d * d <= n; d++) {
            if (0 == n % d) {
                return false;
            }
        }
        return true;
    }

    /** The number of rows. */
    public int height() {
        return height;
    }

    /** The number of backends each row ranks. */
    public int backendCapacity() {
        return backendCapacity;
    }

    /** The backend at {@code rank} in row {@code row}'s preference list. */
    public int preference(final int row, final int rank) {
        return table[row * backendCapacity + rank];
    }

    /**
     * The row a hash selects: the hash as an unsigned 32-bit value, modulo the height
     * ({@code (uint64_t) hash % cht_height} in the C code).
     */
    public int row(final int hash) {
        return Integer.remainderUnsigned(hash, height);
    }

    /**
     * The first backend of the hash's row that is allocated in {@code activeBackends}
     * ({@code cht_find_preferred_available_backend}).
     *
     * @return the backend index, or -1 if none in the row is active (then none at all is)
     */
    public int findPreferredAvailableBackend(final int hash, final DoubleChain activeBackends) {
        final int base = row(hash) * backendCapacity;
        for (int i = 0; i < backendCapacity; i++) {
            final int backend = table[base + i];
            if (activeBackends.isIndexAllocated(backend)) {
                return backend;
            }
        }
        return -1;
    }
}
