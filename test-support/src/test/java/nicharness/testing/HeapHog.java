package nicharness.testing;

import java.util.ArrayList;
import java.util.List;

/** A program that allocates until its heap is exhausted (what a runaway recording does). */
final class HeapHog {
    private HeapHog() {
    }

    static void exhaustHeap() {
        final List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    public static void main(final String[] args) {
        exhaustHeap();
    }
}
