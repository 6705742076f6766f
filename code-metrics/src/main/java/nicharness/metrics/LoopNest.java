package nicharness.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The loops of a {@link ControlFlowGraph}: the natural loop of each header, found from the
 * dominator tree (a back edge is an edge to a block that dominates its source), loops sharing a
 * header merged into one (a {@code continue} adds a second back edge to the same loop). javac only
 * produces reducible graphs; an irreducible one is refused, since "the loop" would be undefined.
 */
final class LoopNest {

    /**
     * A natural loop.
     *
     * @param header the block every entry into the loop passes through
     * @param body   the header and every block that reaches a back edge without passing the header
     */
    record Loop(int header, Set<Integer> body) {
    }

    private final BitSet reachable;
    private final List<Loop> loops;

    private LoopNest(final BitSet reachable, final List<Loop> loops) {
        this.reachable = reachable;
        this.loops = loops;
    }

    /** The loops of {@code cfg}, innermost (smallest) first. */
    List<Loop> innermostFirst() {
        return loops;
    }

    /** True if {@code block} can be reached from the entry. */
    boolean isReachable(final int block) {
        return reachable.get(block);
    }

    static LoopNest of(final ControlFlowGraph cfg) {
        final int n = cfg.blocks().size();
        // Depth-first order from the entry: post-order numbers give the reverse post-order the
        // dominator algorithm iterates in, and the retreating edges are the loop candidates.
        final int[] postOrder = new int[n];
        Arrays.fill(postOrder, -1);
        final BitSet reachable = new BitSet(n);
        final BitSet onStack = new BitSet(n);
        final List<int[]> retreating = new ArrayList<>();
        final List<Integer> order = new ArrayList<>();
        final Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {0, 0});
        reachable.set(0);
        onStack.set(0);
        while (!stack.isEmpty()) {
            final int[] frame = stack.peek();
            final List<Integer> successors = cfg.allSuccessors(frame[0]);
            if (frame[1] < successors.size()) {
                final int next = successors.get(frame[1]++);
                if (onStack.get(next)) {
                    retreating.add(new int[] {frame[0], next});
                } else if (!reachable.get(next)) {
                    reachable.set(next);
                    onStack.set(next);
                    stack.push(new int[] {next, 0});
                }
            } else {
                stack.pop();
                onStack.clear(frame[0]);
                postOrder[frame[0]] = order.size();
                order.add(frame[0]);
            }
        }
        final List<List<Integer>> predecessors = predecessors(cfg, reachable);
        final int[] idom = dominators(order, postOrder, predecessors);

        final Map<Integer, Set<Integer>> bodies = new TreeMap<>();
        for (final int[] edge : retreating) {
            final int source = edge[0];
            final int header = edge[1];
            if (!dominates(idom, header, source)) {
                throw new IllegalStateException("irreducible control flow in " + cfg.method().displayName()
                        + ": the edge from block " + source + " (line " + cfg.block(source).line() + ") to block "
                        + header + " (line " + cfg.block(header).line() + ") enters a loop other than by its header;"
                        + " javac never emits this, so the class was not compiled from Java source or was rewritten");
            }
            final Set<Integer> body = bodies.computeIfAbsent(header, h -> new TreeSet<>(Set.of(h)));
            collectBody(predecessors, header, source, body);
        }
        final List<Loop> loops = new ArrayList<>();
        bodies.forEach((header, body) -> loops.add(new Loop(header, Set.copyOf(body))));
        loops.sort(Comparator.comparingInt((Loop loop) -> loop.body().size()).thenComparingInt(Loop::header));
        return new LoopNest(reachable, List.copyOf(loops));
    }

    /** Adds to {@code body} every block that reaches {@code source} backwards without crossing {@code header}. */
    private static void collectBody(final List<List<Integer>> predecessors, final int header, final int source,
                                    final Set<Integer> body) {
        final Deque<Integer> work = new ArrayDeque<>();
        if (body.add(source)) {
            work.push(source);
        }
        while (!work.isEmpty()) {
            final int block = work.pop();
            for (final int predecessor : predecessors.get(block)) {
                if (predecessor != header && body.add(predecessor)) {
                    work.push(predecessor);
                }
            }
        }
    }

    private static List<List<Integer>> predecessors(final ControlFlowGraph cfg, final BitSet reachable) {
        final int n = cfg.blocks().size();
        final List<List<Integer>> predecessors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            predecessors.add(new ArrayList<>());
        }
        for (int b = reachable.nextSetBit(0); b >= 0; b = reachable.nextSetBit(b + 1)) {
            for (final int successor : cfg.allSuccessors(b)) {
                predecessors.get(successor).add(b);
            }
        }
        return predecessors;
    }

    /**
     * Immediate dominators by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple,
     * Fast Dominance Algorithm", 2001), over the reachable blocks in reverse post-order.
     */
    private static int[] dominators(final List<Integer> postOrderList, final int[] postOrder,
                                    final List<List<Integer>> predecessors) {
        final int n = postOrder.length;
        final int[] idom = new int[n];
        Arrays.fill(idom, -1);
        idom[0] = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = postOrderList.size() - 1; i >= 0; i--) {
                final int block = postOrderList.get(i);
                if (block == 0) {
                    continue;
                }
                int candidate = -1;
                for (final int predecessor : predecessors.get(block)) {
                    if (idom[predecessor] == -1) {
                        continue;
                    }
                    candidate = candidate == -1 ? predecessor : intersect(idom, postOrder, candidate, predecessor);
                }
                if (candidate != idom[block]) {
                    idom[block] = candidate;
                    changed = true;
                }
            }
        }
        return idom;
    }

    private static int intersect(final int[] idom, final int[] postOrder, final int a, final int b) {
        int x = a;
        int y = b;
        while (x != y) {
            while (postOrder[x] < postOrder[y]) {
                x = idom[x];
            }
            while (postOrder[y] < postOrder[x]) {
                y = idom[y];
            }
        }
        return x;
    }

    private static boolean dominates(final int[] idom, final int dominator, final int block) {
        int current = block;
        while (true) {
            if (current == dominator) {
                return true;
            }
            if (current == 0 || idom[current] == -1) {
                return false;
            }
            current = idom[current];
        }
    }
}
