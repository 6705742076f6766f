package nicharness.metrics;

import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the distinct execution paths through a method, following calls into the driver, on the
 * control-flow graph of its bytecode.
 *
 * <h2>What a path is</h2>
 * A path is a sequence of basic blocks from the method's entry to a return (a normal path) or to
 * an exception leaving the method (a failure path). Every outcome of every branch and switch is
 * taken as possible: correlated tests (the same fact tested twice) are not pruned, so where the
 * paper reasoned that a combination cannot happen, our count is higher. This is the count a
 * verification tool that explores each branch would start from. Three things narrow it, each
 * written down where it is decided: switches read at their production setting (assertions and
 * debug checks off, {@link ControlFlowGraph}); the paper's stated assumptions, declared per driver
 * ({@link PathDeclarations}); and a call's {@code boolean} result tested at once, where each of
 * the callee's paths that returns a constant goes to its own side of the test.
 *
 * <p>A conditional expression that only selects a value ({@link ControlFlowGraph.Block#isSelect()})
 * is data, not a decision, when {@code selectsAreData} is set (the reported count): C compilers
 * emit a conditional move for it and the paper writes TinyNF's null descriptors branch-free, so
 * counting {@code outputs[n] ? length : 0} as two paths would measure javac, not the driver. The
 * count with every bytecode branch a decision is reported beside it.
 *
 * <h2>Calls</h2>
 * A call into the driver (a method of its {@link CodeBase}) is followed: each of the callee's
 * normal paths continues after the call (the counts multiply), and each of its failure paths goes
 * to the handler that catches it or leaves the caller. A call reaching several implementations
 * adds their counts. A recursive call counts as one path. A call out of the driver is a leaf, one
 * statement with one path, as the paper treats a register write; if it sits in a {@code try}
 * block, the handlers the code wrote for it are paths too.
 *
 * <h2>Exceptions</h2>
 * {@code throw new T(...)} goes to the first handler of the exception table that covers it and
 * catches {@code T}, as the JVM does, or else leaves the method as a failure path. When the class
 * is unknown (a re-throw, a callee's failure), the exception may reach each covering handler up
 * to the first that catches everything, and may leave the method.
 *
 * <h2>Loops: one packet</h2>
 * The paper counts paths for one packet with a batch size of 1. Loops are therefore not
 * enumerated by their iterations; each natural loop, innermost first, is replaced by a summary:
 * <ul>
 *   <li><b>A counted loop</b> ({@link CountedLoop}, such as a {@code for} over the outputs) runs
 *       the number of times {@link TripCounts} gives; its own test is then not a decision. With
 *       {@code c} the paths of one iteration that come back to the test and {@code e} those that
 *       leave early (a {@code break}, a {@code return}, an exception), the loop has
 *       {@code c^k} paths that complete all {@code k} iterations and
 *       {@code e·(1 + c + ... + c^(k-1))} that leave early. A loop over O outputs with one
 *       {@code if} in its body thus has 2^O paths.</li>
 *   <li><b>Any other loop</b> (polling a DD bit, draining a ring, {@code while (true)}) is taken
 *       at most once: the paths that leave the loop without completing an iteration ({@code e}),
 *       plus those that complete one iteration and then leave on the next test without completing
 *       another ({@code c·e}): {@code (1 + c)·e}. For a {@code while} loop with a straight body
 *       that is 2: skip it, or run it once. This is how the paper counts ixy's transmit clean-up
 *       ("the cleanable check on the next iteration").</li>
 * </ul>
 */
final class PathCounter {

    /** Where a path goes next, in the summaries of a region of the graph. */
    private sealed interface Target permits Node, Back, Normal, Failure {
    }

    /** Into block {@code id}. */
    private record Node(int id) implements Target {
    }

    /** Back to the header of the loop being summarised. */
    private record Back() implements Target {
    }

    /** Returns from the method; for a {@code boolean} method, {@code result} is the constant returned, if any. */
    private record Normal(Result result) implements Target {
    }

    /** What a return returns, as far as the path counter cares. */
    private enum Result {
        TRUE, FALSE, OTHER
    }

    /** Leaves the method with an exception of class {@code type}. */
    private record Failure(String type) implements Target {
    }

    private static final Back BACK = new Back();

    private final ClassPool pool;
    private final TripCounts trips;
    private final boolean selectsAreData;
    private final Map<MethodRef, PathCount> counts = new HashMap<>();
    private final Map<MethodRef, List<String>> notes = new HashMap<>();
    private final Set<MethodRef> overOutputs = new HashSet<>();
    private final Set<MethodRef> inProgress = new LinkedHashSet<>();
    private final Map<MethodRef, ControlFlowGraph> graphs = new HashMap<>();

    /**
     * @param pool           the driver's bytecode
     * @param trips          how many times counted loops run
     * @param selectsAreData whether a branch that only selects a value is data rather than a decision
     */
    PathCounter(final ClassPool pool, final TripCounts trips, final boolean selectsAreData) {
        this.pool = pool;
        this.trips = trips;
        this.selectsAreData = selectsAreData;
    }

    /** The paths through {@code method}, its calls into the driver followed. */
    PathCount count(final MethodRef method) {
        final PathCount known = counts.get(method);
        if (known != null) {
            return known;
        }
        inProgress.add(method);
        try {
            final PathCount count = countUncached(method);
            counts.put(method, count);
            return count;
        } finally {
            inProgress.remove(method);
        }
    }

    /** How the loops and calls of {@code method} itself were treated, one line each. */
    List<String> notes(final MethodRef method) {
        return notes.getOrDefault(method, List.of());
    }

    /** True if {@code method}, or a driver method it calls, has a loop unrolled over the O outputs. */
    boolean handlesOutputs(final MethodRef method) {
        return overOutputs.contains(method);
    }

    /** The control-flow graph of {@code method} with its declared assumptions, built once. */
    ControlFlowGraph graph(final MethodRef method) {
        return graphs.computeIfAbsent(method, m -> {
            final MethodModel model = pool.method(m).orElseThrow(() -> new IllegalStateException(
                    "method " + m.displayName() + " is not in the class files of driver " + pool.codeBase().label()));
            final ControlFlowGraph cfg = ControlFlowGraph.of(m, model, trips.declarations().assumptions(m), pool::isDebugOnly);
            cfg.appliedAssumptions().forEach(a -> trips.declarations().markAssumptionUsed(m, a));
            return cfg;
        });
    }

    private PathCount countUncached(final MethodRef method) {
        final ControlFlowGraph cfg = graph(method);
        final LoopNest nest = LoopNest.of(cfg);
        final List<String> methodNotes = new ArrayList<>();
        final Map<Integer, Map<Target, BigInteger>> graph = new TreeMap<>();
        for (final ControlFlowGraph.Block block : cfg.blocks()) {
            if (nest.isReachable(block.id())) {
                graph.put(block.id(), edges(cfg, block, method, methodNotes));
            }
        }
        final Set<Integer> alive = new HashSet<>(graph.keySet());
        for (final LoopNest.Loop loop : nest.innermostFirst()) {
            final Set<Integer> region = new HashSet<>(loop.body());
            region.retainAll(alive);
            final Optional<CountedLoop> counted = CountedLoop.recognise(cfg, loop);
            final TripCounts.Trip trip = counted.map(c -> trips.resolve(method, c)).orElse(null);
            final Map<Target, BigInteger> summary;
            if (trip != null && trip.iterations().isPresent()) {
                final Map<Target, BigInteger> iteration = solve(graph, region, loop.header(),
                        Map.of(new Node(counted.get().bodyEntry()), BigInteger.ONE), cfg);
                final BigInteger again = remove(iteration, BACK);
                final long k = trip.iterations().getAsLong();
                BigInteger early = BigInteger.ZERO;
                BigInteger power = BigInteger.ONE;
                for (long i = 0; i < k; i++) {
                    early = early.add(power);
                    power = power.multiply(again);
                }
                summary = scale(iteration, early);
                summary.merge(new Node(counted.get().exit()), power, BigInteger::add);
                summary.values().removeIf(BigInteger.ZERO::equals);
                methodNotes.add(trip.explanation());
                if (trip.overOutputs()) {
                    overOutputs.add(method);
                }
            } else {
                final Map<Target, BigInteger> iteration = solve(graph, region, loop.header(), null, cfg);
                final BigInteger again = remove(iteration, BACK);
                summary = scale(iteration, BigInteger.ONE.add(again));
                methodNotes.add(trip != null ? trip.explanation()
                        : "loop at line " + cfg.block(loop.header()).line() + ": not a counted loop, body at most once");
            }
            graph.put(loop.header(), summary);
            for (final int block : region) {
                if (block != loop.header()) {
                    alive.remove(block);
                    graph.remove(block);
                }
            }
        }
        for (final ControlFlowGraph.Block block : cfg.blocks()) {
            if (block.resolved().filter(r -> r.startsWith("assumed ")).isPresent() && nest.isReachable(block.id())) {
                methodNotes.add("line " + block.line() + ": " + block.resolved().get() + " (declared), one outcome");
            }
        }
        final Map<Target, BigInteger> whole = solve(graph, alive, -1, null, cfg);
        final Map<String, BigInteger> failures = new TreeMap<>();
        BigInteger normal = BigInteger.ZERO;
        BigInteger returnsTrue = BigInteger.ZERO;
        BigInteger returnsFalse = BigInteger.ZERO;
        for (final Map.Entry<Target, BigInteger> entry : whole.entrySet()) {
            switch (entry.getKey()) {
                case Normal(final Result result) -> {
                    normal = normal.add(entry.getValue());
                    if (result == Result.TRUE) {
                        returnsTrue = returnsTrue.add(entry.getValue());
                    } else if (result == Result.FALSE) {
                        returnsFalse = returnsFalse.add(entry.getValue());
                    }
                }
                case Failure(final String type) -> failures.merge(type, entry.getValue(), BigInteger::add);
                default -> throw new IllegalStateException("path counting of " + method.displayName()
                        + " left an edge to " + entry.getKey() + "; this is a bug in the path counter");
            }
        }
        notes.put(method, List.copyOf(methodNotes));
        return new PathCount(normal, failures, returnsTrue, returnsFalse);
    }

    /** The outgoing edges of {@code block}, with the paths of the driver methods it calls. */
    private Map<Target, BigInteger> edges(final ControlFlowGraph cfg, final ControlFlowGraph.Block block,
                                          final MethodRef method, final List<String> methodNotes) {
        final Map<Target, BigInteger> edges = new LinkedHashMap<>();
        switch (block.terminal()) {
            case RETURN -> edges.put(new Normal(result(cfg, block, method)), BigInteger.ONE);
            case THROW -> dispatch(cfg, block, block.thrownType().orElse(PathCount.UNKNOWN_TYPE), BigInteger.ONE,
                    true, edges);
            case FLOW -> {
                final Instruction last = cfg.instructions().get(block.last());
                if (last instanceof InvokeInstruction invoke) {
                    final List<MethodRef> targets = pool.targets(invoke);
                    final int next = block.successors().getFirst();
                    if (targets.isEmpty()) {
                        edges.put(new Node(next), BigInteger.ONE);
                        dispatch(cfg, block, PathCount.UNKNOWN_TYPE, BigInteger.ONE, false, edges);
                    } else {
                        PathCount callee = PathCount.NONE;
                        for (final MethodRef target : targets) {
                            if (inProgress.contains(target)) {
                                methodNotes.add("recursive call to " + target.displayName() + " at line " + block.line()
                                        + ": counted as one path");
                                callee = callee.plus(PathCount.ONE);
                            } else {
                                callee = callee.plus(count(target));
                                if (overOutputs.contains(target)) {
                                    overOutputs.add(method);
                                }
                            }
                        }
                        if (targets.size() > 1) {
                            methodNotes.add("call at line " + block.line() + " reaches " + targets.size()
                                    + " implementations, " + targets + ": their paths add up");
                        }
                        final Optional<ControlFlowGraph.Block> test = testOfResult(cfg, block, invoke);
                        if (test.isPresent() && callee.returnsTrue().add(callee.returnsFalse()).signum() > 0) {
                            // The caller branches on the result at once: a path that returned true
                            // takes the "true" side only, and the other way round.
                            final ControlFlowGraph.Block branch = test.get();
                            final boolean jumpsOnTrue = cfg.instructions().get(branch.last()).opcode() == Opcode.IFNE;
                            final Node whenTrue = new Node(branch.successors().get(jumpsOnTrue ? 1 : 0));
                            final Node whenFalse = new Node(branch.successors().get(jumpsOnTrue ? 0 : 1));
                            edges.merge(whenTrue, callee.returnsTrue().add(callee.returnsOther()), BigInteger::add);
                            edges.merge(whenFalse, callee.returnsFalse().add(callee.returnsOther()), BigInteger::add);
                            edges.values().removeIf(BigInteger.ZERO::equals);
                        } else if (callee.normal().signum() > 0) {
                            edges.merge(new Node(next), callee.normal(), BigInteger::add);
                        }
                        for (final Map.Entry<String, BigInteger> failure : callee.failures().entrySet()) {
                            dispatch(cfg, block, failure.getKey(), failure.getValue(), true, edges);
                        }
                    }
                } else if (selectsAreData && block.isSelect()) {
                    edges.put(new Node(block.merge()), BigInteger.ONE);
                } else {
                    for (final int successor : block.successors()) {
                        edges.put(new Node(successor), BigInteger.ONE);
                    }
                }
            }
        }
        return edges;
    }

    /** For a {@code boolean} method, which constant a {@code return} block returns, if any. */
    private static Result result(final ControlFlowGraph cfg, final ControlFlowGraph.Block block, final MethodRef method) {
        if (!method.descriptor().endsWith(")Z") || block.last() == block.first()) {
            return Result.OTHER;
        }
        if (cfg.instructions().get(block.last() - 1) instanceof ConstantInstruction constant
                && constant.constantValue() instanceof Integer value) {
            return value == 0 ? Result.FALSE : Result.TRUE;
        }
        return Result.OTHER;
    }

    /**
     * The branch that tests the {@code boolean} result of the call ending {@code block} right away
     * ({@code if (call())}, {@code if (!call())}), when nothing else enters it.
     */
    private static Optional<ControlFlowGraph.Block> testOfResult(final ControlFlowGraph cfg,
                                                                 final ControlFlowGraph.Block block,
                                                                 final InvokeInstruction invoke) {
        if (!invoke.type().stringValue().endsWith(")Z")) {
            return Optional.empty();
        }
        final ControlFlowGraph.Block next = cfg.block(block.successors().getFirst());
        final Opcode opcode = cfg.instructions().get(next.first()).opcode();
        if (next.first() != next.last() || opcode != Opcode.IFEQ && opcode != Opcode.IFNE
                || next.successors().size() != 2 || next.isSelect() || cfg.predecessorCount(next.id()) != 1) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    /**
     * Sends {@code weight} paths raising {@code type} at the end of {@code block} to the handlers
     * that take them, and out of the method when {@code mayEscape} and no handler surely does.
     */
    private void dispatch(final ControlFlowGraph cfg, final ControlFlowGraph.Block block, final String type,
                          final BigInteger weight, final boolean mayEscape, final Map<Target, BigInteger> edges) {
        for (final ControlFlowGraph.Handler handler : block.handlers()) {
            final Node target = new Node(cfg.handlerBlock(handler));
            if (handler.catchType().isEmpty()) {
                edges.merge(target, weight, BigInteger::add);
                return;
            }
            if (PathCount.UNKNOWN_TYPE.equals(type)) {
                edges.merge(target, weight, BigInteger::add);
            } else if (catches(handler.catchType().get(), type)) {
                edges.merge(target, weight, BigInteger::add);
                return;
            }
        }
        if (mayEscape) {
            edges.merge(new Failure(type), weight, BigInteger::add);
        }
    }

    private boolean catches(final String catchType, final String thrownType) {
        try {
            final ClassLoader loader = pool.codeBase().loader();
            final Class<?> handled = Class.forName(catchType.replace('/', '.'), false, loader);
            final Class<?> thrown = Class.forName(thrownType.replace('/', '.'), false, loader);
            return handled.isAssignableFrom(thrown);
        } catch (final ClassNotFoundException | LinkageError e) {
            return true; // cannot tell: assume the handler the programmer wrote takes it
        }
    }

    /**
     * Paths from {@code header} (or from the entry, block 0, when {@code header} is -1) through
     * {@code region}, summarised by where they leave it: {@link Back} to the header, a block
     * outside the region, a return, an exception. {@code headerEdges}, when given, replaces the
     * header's own edges (a counted loop's test, which always enters the body).
     */
    private static Map<Target, BigInteger> solve(final Map<Integer, Map<Target, BigInteger>> graph,
                                                 final Set<Integer> region, final int header,
                                                 final Map<Target, BigInteger> headerEdges, final ControlFlowGraph cfg) {
        final Map<Integer, Map<Target, BigInteger>> memo = new HashMap<>();
        final Set<Integer> visiting = new HashSet<>();
        return vector(header == -1 ? 0 : header, graph, region, header, headerEdges, memo, visiting, cfg);
    }

    private static Map<Target, BigInteger> vector(final int node, final Map<Integer, Map<Target, BigInteger>> graph,
                                                  final Set<Integer> region, final int header,
                                                  final Map<Target, BigInteger> headerEdges,
                                                  final Map<Integer, Map<Target, BigInteger>> memo,
                                                  final Set<Integer> visiting, final ControlFlowGraph cfg) {
        final Map<Target, BigInteger> known = memo.get(node);
        if (known != null) {
            return known;
        }
        if (!visiting.add(node)) {
            throw new IllegalStateException("a cycle through block " + node + " (line " + cfg.block(node).line()
                    + ") of " + cfg.method().displayName() + " survived loop summarising; this is a bug in the path counter");
        }
        final Map<Target, BigInteger> edges = node == header && headerEdges != null ? headerEdges : graph.get(node);
        final Map<Target, BigInteger> result = new LinkedHashMap<>();
        for (final Map.Entry<Target, BigInteger> edge : edges.entrySet()) {
            final BigInteger weight = edge.getValue();
            if (edge.getKey() instanceof Node(final int next)) {
                if (next == header) {
                    result.merge(BACK, weight, BigInteger::add);
                } else if (!region.contains(next)) {
                    result.merge(edge.getKey(), weight, BigInteger::add);
                } else {
                    vector(next, graph, region, header, headerEdges, memo, visiting, cfg)
                            .forEach((target, count) -> result.merge(target, count.multiply(weight), BigInteger::add));
                }
            } else {
                result.merge(edge.getKey(), weight, BigInteger::add);
            }
        }
        visiting.remove(node);
        memo.put(node, result);
        return result;
    }

    private static BigInteger remove(final Map<Target, BigInteger> vector, final Target target) {
        final BigInteger removed = vector.remove(target);
        return removed == null ? BigInteger.ZERO : removed;
    }

    private static Map<Target, BigInteger> scale(final Map<Target, BigInteger> vector, final BigInteger factor) {
        final Map<Target, BigInteger> scaled = new LinkedHashMap<>();
        vector.forEach((target, count) -> scaled.put(target, count.multiply(factor)));
        return scaled;
    }
}
