package nicharness.metrics;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.AccessFlag;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nicharness.driver.DriverPart.Part;

/**
 * Measures one driver's Table 2 parts: which functions each part consists of (its declared entry
 * points and every driver method they call), their lines of code and cyclomatic complexity, and
 * the paths through the part for one packet with O outputs.
 *
 * <p>A part with several entry points that do not call one another (say, two set-up methods)
 * counts them as alternatives: their paths add up. An entry point that another entry point of the
 * same part calls is counted once, inside its caller.
 *
 * <p>Transmitting to O outputs: a driver whose transmit handles all outputs in one call (TinyNF:
 * a loop over the outputs, unrolled O times) is counted with O directly. A driver whose transmit
 * handles one queue per call (DPDK, ixy) needs O independent calls, so, as in the paper, its
 * count for O outputs is the one-queue count to the power O.
 */
public final class DriverComplexity {

    private final CodeBase codeBase;
    private final ClassPool pool;
    private final ClassPool initPool;
    private final SourceLines sources;
    private final Path repositoryRoot;
    private final PartDeclarations parts;
    private final PathDeclarations declared;
    private final Map<List<Object>, PathCounter> counters = new HashMap<>();
    private final Map<MethodRef, ControlFlowGraph> plainGraphs = new HashMap<>();
    private final Map<MethodRef, Optional<SourceLines.Declaration>> sourceDeclarations = new HashMap<>();
    private final Map<Part, List<MethodRef>> closures = new EnumMap<>(Part.class);

    /**
     * Reads the driver's part declarations; its sources are looked up in the modules of the
     * repository at {@code repositoryRoot} ({@code <module>/src/main/java}).
     *
     * @throws IllegalStateException if the driver's part declarations are wrong
     */
    public DriverComplexity(final CodeBase codeBase, final Path repositoryRoot) {
        this(codeBase, SourceLines.forRepository(repositoryRoot), repositoryRoot, PathDeclarations.forDriver(codeBase.label()));
    }

    /**
     * The driver's parts for what they call, not for their lines: {@link #closure} only, no
     * sources read (the instruction account of {@code callgrind-cost} asks which part a compiled
     * method belongs to).
     *
     * @throws IllegalStateException if the driver's part declarations are wrong
     */
    public static DriverComplexity callGraphOf(final CodeBase codeBase) {
        return new DriverComplexity(codeBase, null, Path.of("."), PathDeclarations.none(codeBase.label()));
    }

    /**
     * @param codeBase       the driver's code
     * @param sources        where its sources are (null when only {@link #closure} is asked for)
     * @param repositoryRoot the root that source paths in the report are relative to
     * @param declared       the driver's declared loops and assumptions
     */
    DriverComplexity(final CodeBase codeBase, final SourceLines sources, final Path repositoryRoot,
                     final PathDeclarations declared) {
        this.codeBase = codeBase;
        this.pool = new ClassPool(codeBase);
        this.initPool = pool.followingSharedBringUp();
        this.sources = sources;
        this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
        this.parts = PartDeclarations.of(pool);
        this.declared = declared;
    }

    /**
     * The declarations ({@link PathDeclarations}) that no loop or branch of the parts measured so
     * far has matched: stale after a rename, or misspelt. Meaningful after measuring every part.
     */
    public List<String> unusedDeclarations() {
        return declared.unused();
    }

    /** The measured code base. */
    public CodeBase codeBase() {
        return codeBase;
    }

    /** The entry points declared for {@code part}. */
    public List<MethodRef> entryPoints(final Part part) {
        return parts.entryPoints(part);
    }

    /**
     * Checks that no declared entry point belongs to two parts: an entry point of one part must
     * not be called from another part, or its lines would be counted in both columns.
     *
     * @throws IllegalStateException naming each entry point reached from another part
     */
    public void checkParts() {
        final List<String> problems = new ArrayList<>();
        for (final Part part : Part.values()) {
            for (final Part other : Part.values()) {
                if (other == part) {
                    continue;
                }
                for (final MethodRef entry : entryPoints(part)) {
                    if (closure(other).contains(entry)) {
                        problems.add(entry.displayName() + " is declared " + part + " but " + other
                                + " calls it, so it would be counted in both parts");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("driver " + codeBase.label() + ": " + String.join("; ", problems));
        }
    }

    /** The driver methods that make up {@code part}: its entry points and everything they call in the driver. */
    public List<MethodRef> closure(final Part part) {
        return closures.computeIfAbsent(part, p -> {
            final Set<MethodRef> reached = new LinkedHashSet<>();
            final Deque<MethodRef> work = new ArrayDeque<>(entryPoints(p));
            while (!work.isEmpty()) {
                final MethodRef method = work.removeFirst();
                if (!reached.add(method)) {
                    continue;
                }
                final List<MethodRef> callees = calls(p, method);
                // Depth-first, in call order: the list reads like the code.
                for (int i = callees.size() - 1; i >= 0; i--) {
                    work.addFirst(callees.get(i));
                }
            }
            return List.copyOf(reached);
        });
    }

    /** Measures {@code part} with {@code outputs} outputs (1 to 4 in the paper). */
    public PartMetrics measure(final Part part, final int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be at least 1: outputs=" + outputs);
        }
        final List<MethodRef> methods = closure(part);
        final PathCounter counter = counter(part, outputs, true);
        final PathCounter strict = counter(part, outputs, false);
        final List<PartMetrics.FunctionMetrics> functions = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int loc = 0;
        int cyclomatic = 0;
        for (final MethodRef method : methods) {
            // Generated code (a record's accessors, an implicit constructor) has no declaration:
            // it is not a function of the part, as it is no line of its source.
            final Optional<PartMetrics.FunctionMetrics> function = function(method, counter.count(method).total());
            if (function.isPresent()) {
                functions.add(function.get());
                loc += function.get().loc();
                cyclomatic += function.get().cyclomatic();
            }
        }

        final List<MethodRef> roots = roots(part);
        PathCount paths = PathCount.NONE;
        PathCount withSelects = PathCount.NONE;
        boolean handlesOutputs = false;
        for (final MethodRef root : roots) {
            paths = paths.plus(counter.count(root));
            withSelects = withSelects.plus(strict.count(root));
            handlesOutputs |= counter.handlesOutputs(root);
        }
        for (final MethodRef method : methods) {
            for (final String note : counter.notes(method)) {
                notes.add(method.displayName() + ": " + note);
            }
        }
        BigInteger total = paths.total();
        BigInteger failures = paths.failure();
        BigInteger totalWithSelects = withSelects.total();
        final String rule;
        if (part == Part.TRANSMIT && !handlesOutputs) {
            // One call per output queue: the O calls' paths combine independently.
            final BigInteger success = paths.normal().pow(outputs);
            total = total.pow(outputs);
            failures = total.subtract(success);
            totalWithSelects = totalWithSelects.pow(outputs);
            rule = "one call per output queue: paths(O=1)^O";
        } else if (handlesOutputs) {
            rule = "all outputs in one call: loops over the outputs unrolled O times";
        } else {
            rule = "independent of O";
        }
        return new PartMetrics(codeBase.label(), codeBase.variants(), part, outputs, entryPoints(part), functions, loc,
                cyclomatic, total, failures, totalWithSelects, rule, notes, allocationSteps(part, outputs));
    }

    /**
     * The allocation steps {@code part} calls, each with its own lines, cyclomatic complexity and
     * paths (what it calls included, allocation steps too), in call order, each once.
     */
    private List<PartMetrics.FunctionMetrics> allocationSteps(final Part part, final int outputs) {
        final ClassPool full = poolFor(part).followingAllocation();
        final PathCounter counter = new PathCounter(full, new TripCounts(codeBase.parameters(), declared, outputs), true);
        final Set<MethodRef> steps = new LinkedHashSet<>();
        for (final MethodRef method : closure(part)) {
            steps.addAll(allocationCalls(method));
        }
        // And what the steps call in turn (a pool get calls its ring's dequeue): nothing is hidden.
        final Deque<MethodRef> work = new ArrayDeque<>(steps);
        while (!work.isEmpty()) {
            final MethodRef step = work.removeFirst();
            final ControlFlowGraph cfg = plainGraph(step);
            final BitSet reachable = cfg.reachable();
            for (final ControlFlowGraph.Block block : cfg.blocks()) {
                if (reachable.get(block.id()) && cfg.instructions().get(block.last()) instanceof InvokeInstruction invoke) {
                    for (final MethodRef target : full.targets(invoke)) {
                        if (steps.add(target)) {
                            work.add(target);
                        }
                    }
                }
            }
        }
        final List<PartMetrics.FunctionMetrics> measured = new ArrayList<>();
        for (final MethodRef step : steps) {
            function(step, counter.count(step).total()).ifPresent(measured::add);
        }
        return measured;
    }

    /**
     * Entry points of {@code part} that no other entry point of it calls: each of the others is
     * counted inside its caller. Of two that call each other, the first in order is the root.
     */
    private List<MethodRef> roots(final Part part) {
        final List<MethodRef> entries = entryPoints(part);
        final List<MethodRef> roots = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            final MethodRef entry = entries.get(i);
            boolean insideAnother = false;
            for (int j = 0; j < entries.size() && !insideAnother; j++) {
                final MethodRef other = entries.get(j);
                final boolean mutual = callees(part, entry).contains(other);
                insideAnother = j != i && callees(part, other).contains(entry) && (!mutual || j < i);
            }
            if (!insideAnother) {
                roots.add(entry);
            }
        }
        return roots;
    }

    /** Everything {@code method} reaches in the driver as {@code part} is counted, itself excluded. */
    private Set<MethodRef> callees(final Part part, final MethodRef method) {
        final Set<MethodRef> reached = new LinkedHashSet<>();
        final Deque<MethodRef> work = new ArrayDeque<>();
        work.add(method);
        while (!work.isEmpty()) {
            for (final MethodRef target : calls(part, work.removeFirst())) {
                if (reached.add(target)) {
                    work.add(target);
                }
            }
        }
        reached.remove(method);
        return reached;
    }

    /**
     * The classes {@code part} is counted on: the driver's own, and for init also the shared
     * device bring-up it runs ({@code DeviceBringUp}, {@code RegisterWait}), since each original's
     * init includes its own bring-up; receive and transmit call into {@code ixgbe} only for
     * descriptor and register helpers, which stay leaves.
     */
    private ClassPool poolFor(final Part part) {
        return part == Part.INIT ? initPool : pool;
    }

    /**
     * The methods {@code method} calls as {@code part} is counted, in code order, from code that
     * can run: a call behind a debug switch or in an {@code assert} is not part of the driver as
     * measured.
     */
    private List<MethodRef> calls(final Part part, final MethodRef method) {
        final ControlFlowGraph cfg = plainGraph(method);
        final BitSet reachable = cfg.reachable();
        final List<MethodRef> callees = new ArrayList<>();
        for (final ControlFlowGraph.Block block : cfg.blocks()) {
            if (reachable.get(block.id()) && cfg.instructions().get(block.last()) instanceof InvokeInstruction invoke) {
                callees.addAll(poolFor(part).targets(invoke));
            }
        }
        return callees;
    }

    /** The allocation steps {@code method} calls, in code order, from code that can run. */
    private List<MethodRef> allocationCalls(final MethodRef method) {
        final ControlFlowGraph cfg = plainGraph(method);
        final BitSet reachable = cfg.reachable();
        final List<MethodRef> callees = new ArrayList<>();
        for (final ControlFlowGraph.Block block : cfg.blocks()) {
            if (reachable.get(block.id()) && cfg.instructions().get(block.last()) instanceof InvokeInstruction invoke) {
                callees.addAll(pool.allocationTargets(invoke));
            }
        }
        return callees;
    }

    private Optional<PartMetrics.FunctionMetrics> function(final MethodRef method, final BigInteger paths) {
        final ControlFlowGraph cfg = plainGraph(method);
        return declaration(method).map(d -> new PartMetrics.FunctionMetrics(method, relative(d.file()), d.firstLine(),
                d.codeLines(), cfg.cyclomatic(), paths));
    }

    /** The source declaration of {@code method}, none for generated code; looked up once. */
    private Optional<SourceLines.Declaration> declaration(final MethodRef method) {
        return sourceDeclarations.computeIfAbsent(method, m -> {
            if (isSynthetic(m)) {
                return Optional.empty();
            }
            final ClassModel owner = pool.model(m.owner()).orElseThrow();
            final String sourceFile = owner.findAttribute(Attributes.sourceFile())
                    .map(a -> a.sourceFile().stringValue())
                    .orElseGet(() -> topLevelName(m.owner()) + ".java");
            return sources.declaration(m, sourceFile, plainGraph(m).sourceLines());
        });
    }

    private boolean isSynthetic(final MethodRef method) {
        final Optional<MethodModel> model = pool.method(method);
        return model.isPresent() && (model.get().flags().has(AccessFlag.SYNTHETIC)
                || model.get().flags().has(AccessFlag.BRIDGE));
    }

    private String relative(final Path file) {
        final Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(repositoryRoot) ? repositoryRoot.relativize(absolute) : absolute).toString()
                .replace('\\', '/');
    }

    private static String topLevelName(final String internalName) {
        final String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
        final int nested = simple.indexOf('$');
        return nested < 0 ? simple : simple.substring(0, nested);
    }

    private PathCounter counter(final Part part, final int outputs, final boolean selectsAreData) {
        return counters.computeIfAbsent(List.of(part == Part.INIT, outputs, selectsAreData), k -> new PathCounter(poolFor(part),
                new TripCounts(codeBase.parameters(), declared, outputs), selectsAreData));
    }

    /**
     * The graph of {@code method} as written, without the declared assumptions: what functions,
     * lines and cyclomatic complexity are measured on. (Debug switches stay off: that code is not
     * part of the driver as built.)
     */
    private ControlFlowGraph plainGraph(final MethodRef method) {
        return plainGraphs.computeIfAbsent(method, m -> ControlFlowGraph.of(m, pool.method(m).orElseThrow(
                () -> new IllegalStateException("method " + m.displayName() + " is not in the class files of driver "
                        + codeBase.label())), pool::isDebugOnly));
    }
}
