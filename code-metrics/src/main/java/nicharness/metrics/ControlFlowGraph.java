package nicharness.metrics;

import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.NopInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The control-flow graph of one method, in basic blocks, built from its bytecode.
 *
 * <p>A block ends at a branch, a switch, a return, an {@code athrow}, and after every call (so
 * that a call into the driver, whose own paths multiply the caller's, is always the last thing
 * a block does). Edges:
 * <ul>
 *   <li>normal flow: fall-through, {@code goto}, both outcomes of a conditional branch, the
 *       distinct targets of a switch;</li>
 *   <li>exception flow, only from the two places where the code itself raises or handles an
 *       exception: an {@code athrow}, and a call made inside a {@code try} block. The implicit
 *       exceptions of other instructions (a null pointer, an array index) are not paths, as the
 *       paper does not count a register write that faults.</li>
 * </ul>
 * Two switches are read at their production setting, so the branch testing them is a
 * {@code goto}, not a decision, and the code behind it is unreachable:
 * <ul>
 *   <li>{@code $assertionsDisabled}, the first test of every {@code assert}: assertions are off;</li>
 *   <li>a {@code boolean} field marked {@link nicharness.driver.DebugOnly @DebugOnly}: debug checks
 *       are off, as DPDK's {@code RTE_LIBRTE_*_DEBUG} code is compiled out of the build the paper
 *       measured. The mark is the declared rule; a name ("debug") means nothing.</li>
 * </ul>
 *
 * <p>A branch whose condition is declared to hold ({@link PathDeclarations}, the paper's stated
 * assumptions such as "batch 1") has the one outcome the assumption gives.
 *
 * <p>A conditional expression that only selects a value, {@code c ? a : b} or a comparison stored
 * as a {@code boolean}, compiles to a branch whose two arms only compute a value and meet again.
 * The block records that meeting point ({@link Block#merge()}), so that path counting can read it
 * as data (C compilers emit a conditional move or {@code setcc} for it, and the paper writes
 * TinyNF's "send on this output" as {@code outputs[n] * length}), not as two paths.
 */
final class ControlFlowGraph {

    /** An entry of the exception table: instructions [start, end) are handled at {@code handler}. */
    record Handler(int start, int end, int handler, Optional<String> catchType) {
        boolean covers(final int position) {
            return start <= position && position < end;
        }
    }

    /** A declared condition that settles a branch: it jumps when {@code jumps}, else falls through. */
    private record Assumed(String condition, boolean jumps) {
    }

    /** How a block ends. */
    enum Terminal {
        /** Falls through, jumps, branches or switches to {@link Block#successors()}. */
        FLOW,
        /** Returns from the method. */
        RETURN,
        /** Raises an exception ({@code athrow}). */
        THROW
    }

    /**
     * A basic block: instructions {@code first..last} (inclusive).
     *
     * @param successors normal-flow successors, distinct, in bytecode order
     * @param handlers   exception-table entries covering the last instruction, in table order,
     *                   when that instruction is an {@code athrow} or a call
     * @param thrownType for an {@code athrow} of a freshly constructed exception, its class
     * @param decision   number of distinct outcomes when the block ends in a decision (2 for a
     *                   branch, the distinct targets of a switch), else 1
     * @param merge      for a branch that only selects a value, the block where its two arms
     *                   meet; else -1
     * @param resolved   what the branch tested, when it is one of the switches read at their
     *                   production setting; else empty
     */
    record Block(int id, int first, int last, int line, Terminal terminal, List<Integer> successors,
                 List<Handler> handlers, Optional<String> thrownType, int decision, int merge,
                 Optional<String> resolved) {

        /** True for a branch whose two arms only compute a value. */
        boolean isSelect() {
            return merge >= 0;
        }
    }

    private final MethodRef method;
    private final boolean isStatic;
    private final List<String> appliedAssumptions;
    private final List<Instruction> instructions;
    private final int[] lines;
    private final List<Handler> handlers;
    private final List<Block> blocks;
    private final int[] blockOf;
    private final int[] predecessors;
    private final List<LocalVariable> locals;
    private final Map<LocalVariable, int[]> localScopes;

    private ControlFlowGraph(final MethodRef method, final boolean isStatic, final List<String> appliedAssumptions,
                             final List<Instruction> instructions,
                             final int[] lines,
                             final List<Handler> handlers, final List<Block> blocks, final int[] blockOf,
                             final int[] predecessors, final List<LocalVariable> locals,
                             final Map<LocalVariable, int[]> localScopes) {
        this.method = method;
        this.isStatic = isStatic;
        this.appliedAssumptions = appliedAssumptions;
        this.instructions = instructions;
        this.lines = lines;
        this.handlers = handlers;
        this.blocks = blocks;
        this.blockOf = blockOf;
        this.predecessors = predecessors;
        this.locals = locals;
        this.localScopes = localScopes;
    }

    /**
     * The graph of {@code model}, which must have code.
     *
     * @throws IllegalArgumentException for an abstract or native method, or for {@code jsr}/{@code ret}
     */
    static ControlFlowGraph of(final MethodRef ref, final MethodModel model, final Predicate<FieldInstruction> debugOnly) {
        return of(ref, model, List.of(), debugOnly);
    }

    /**
     * The graph of {@code model} with the conditions {@code assumed} to hold: a branch testing one
     * of them, or its negation, has a single outcome (see {@link BranchCondition}).
     */
    static ControlFlowGraph of(final MethodRef ref, final MethodModel model, final List<String> assumed,
                               final Predicate<FieldInstruction> debugOnly) {
        final CodeModel code = model.code().orElseThrow(() -> new IllegalArgumentException(
                ref.displayName() + " has no code (abstract or native): nothing to measure"));
        final List<Instruction> instructions = new ArrayList<>();
        final List<Integer> lineList = new ArrayList<>();
        final Map<Label, Integer> labels = new HashMap<>();
        final List<LocalVariable> locals = new ArrayList<>();
        int line = -1;
        for (final CodeElement element : code) {
            switch (element) {
                case Instruction instruction -> {
                    if (instruction.opcode() == Opcode.JSR || instruction.opcode() == Opcode.JSR_W
                            || instruction.opcode() == Opcode.RET || instruction.opcode() == Opcode.RET_W) {
                        throw new IllegalArgumentException(ref.displayName()
                                + " uses jsr/ret, which javac has not emitted since Java 6; recompile it");
                    }
                    instructions.add(instruction);
                    lineList.add(line);
                }
                case LabelTarget target -> labels.put(target.label(), instructions.size());
                case LineNumber number -> line = number.line();
                case LocalVariable local -> locals.add(local);
                default -> {
                    // exception table entries are read below; other debug elements do not matter
                }
            }
        }
        final int[] lines = lineList.stream().mapToInt(Integer::intValue).toArray();
        final List<Handler> handlers = new ArrayList<>();
        for (final ExceptionCatch entry : code.exceptionHandlers()) {
            handlers.add(new Handler(labels.get(entry.tryStart()), labels.get(entry.tryEnd()), labels.get(entry.handler()),
                    entry.catchType().map(ClassEntry::asInternalName)));
        }
        final Map<LocalVariable, int[]> scopes = new HashMap<>();
        for (final LocalVariable local : locals) {
            scopes.put(local, new int[] {labels.get(local.startScope()), labels.get(local.endScope())});
        }

        // Leaders: the first instruction, every jump target and handler, and whatever follows a
        // block-ending instruction.
        final TreeSet<Integer> leaders = new TreeSet<>();
        leaders.add(0);
        for (final Handler handler : handlers) {
            leaders.add(handler.handler());
        }
        for (int i = 0; i < instructions.size(); i++) {
            final Instruction instruction = instructions.get(i);
            for (final Label target : targets(instruction)) {
                leaders.add(labels.get(target));
            }
            if (endsBlock(instruction) && i + 1 < instructions.size()) {
                leaders.add(i + 1);
            }
        }
        final List<Integer> starts = new ArrayList<>(leaders.headSet(instructions.size()));
        final int[] blockOf = new int[instructions.size()];
        for (int b = 0; b < starts.size(); b++) {
            final int end = b + 1 < starts.size() ? starts.get(b + 1) : instructions.size();
            for (int i = starts.get(b); i < end; i++) {
                blockOf[i] = b;
            }
        }
        final boolean isStatic = model.flags().has(AccessFlag.STATIC);
        final BranchCondition.Locals debugTable = new BranchCondition.Locals() {
            @Override
            public Optional<String> name(final int slot, final int position) {
                return local(locals, scopes, slot, position).map(l -> l.name().stringValue());
            }

            @Override
            public boolean isBoolean(final int slot, final int position) {
                return local(locals, scopes, slot, position).filter(l -> l.type().equalsString("Z")).isPresent();
            }
        };
        final Set<String> applied = new LinkedHashSet<>();
        final List<Block> raw = new ArrayList<>();
        for (int b = 0; b < starts.size(); b++) {
            final int first = starts.get(b);
            final int last = (b + 1 < starts.size() ? starts.get(b + 1) : instructions.size()) - 1;
            // Operands of a branch may sit in the block before when a call (which ends a block) computed them.
            final int lowest = b > 0 && instructions.get(first - 1) instanceof InvokeInstruction ? starts.get(b - 1) : first;
            final Optional<Assumed> assumption = instructions.get(last) instanceof BranchInstruction
                    ? BranchCondition.of(instructions, last, lowest, isStatic, debugTable)
                        .flatMap(c -> assumed.stream().filter(a -> c.isJump(a) || c.isFallThrough(a)).findFirst()
                                .map(a -> new Assumed(a, c.isJump(a))))
                    : Optional.empty();
            assumption.ifPresent(a -> applied.add(a.condition()));
            raw.add(block(b, first, last, instructions, lines, labels, handlers, blockOf, assumption, debugOnly));
        }
        final int[] predecessors = new int[raw.size()];
        for (final Block block : raw) {
            for (final int successor : block.successors()) {
                predecessors[successor]++;
            }
            for (final Handler handler : block.handlers()) {
                predecessors[blockOf[handler.handler()]]++;
            }
        }
        final List<Block> blocks = withSelects(raw, instructions, blockOf, predecessors);
        return new ControlFlowGraph(ref, isStatic, List.copyOf(applied), List.copyOf(instructions), lines,
                List.copyOf(handlers), List.copyOf(blocks), blockOf, predecessors, List.copyOf(locals), scopes);
    }

    private static Block block(final int id, final int first, final int last, final List<Instruction> instructions,
                               final int[] lines, final Map<Label, Integer> labels, final List<Handler> handlers,
                               final int[] blockOf, final Optional<Assumed> assumption,
                               final Predicate<FieldInstruction> debugOnly) {
        final Instruction end = instructions.get(last);
        final int line = firstLine(lines, first, last);
        final Set<Integer> successors = new LinkedHashSet<>();
        Terminal terminal = Terminal.FLOW;
        int decision = 1;
        List<Handler> covering = List.of();
        Optional<String> thrownType = Optional.empty();
        Optional<String> resolved = Optional.empty();
        switch (end) {
            case BranchInstruction branch -> {
                final int target = blockOf[labels.get(branch.target())];
                final Optional<String> offSwitch = productionSwitch(instructions, last, debugOnly);
                if (branch.opcode() == Opcode.GOTO || branch.opcode() == Opcode.GOTO_W) {
                    successors.add(target);
                } else if (assumption.isPresent()) {
                    successors.add(assumption.get().jumps() ? target : blockOf[last + 1]);
                    resolved = Optional.of("assumed " + assumption.get().condition());
                } else if (offSwitch.isPresent()) {
                    // The switch reads false (assertions disabled reads true): IFEQ jumps, IFNE
                    // falls through, and the other way round for $assertionsDisabled.
                    final boolean switchValue = offSwitch.get().equals(ASSERTIONS_DISABLED);
                    final boolean jumps = branch.opcode() == Opcode.IFNE ? switchValue : !switchValue;
                    successors.add(jumps ? target : blockOf[last + 1]);
                    resolved = offSwitch;
                } else {
                    successors.add(blockOf[last + 1]);
                    successors.add(target);
                    decision = successors.size();
                }
            }
            case TableSwitchInstruction table -> {
                successors.add(blockOf[labels.get(table.defaultTarget())]);
                for (final SwitchCase c : table.cases()) {
                    successors.add(blockOf[labels.get(c.target())]);
                }
                decision = successors.size();
            }
            case LookupSwitchInstruction lookup -> {
                successors.add(blockOf[labels.get(lookup.defaultTarget())]);
                for (final SwitchCase c : lookup.cases()) {
                    successors.add(blockOf[labels.get(c.target())]);
                }
                decision = successors.size();
            }
            case ReturnInstruction _ -> terminal = Terminal.RETURN;
            case ThrowInstruction _ -> {
                terminal = Terminal.THROW;
                covering = covering(handlers, last);
                thrownType = constructedException(instructions, last);
            }
            case InvokeInstruction _ -> {
                covering = covering(handlers, last);
                successors.add(blockOf[last + 1]);
            }
            default -> {
                if (last + 1 < instructions.size()) {
                    successors.add(blockOf[last + 1]);
                }
            }
        }
        return new Block(id, first, last, line, terminal, List.copyOf(successors), covering, thrownType, decision, -1,
                resolved);
    }

    /**
     * Marks the branches whose two arms only compute a value: the fall-through arm is one block of
     * value instructions ending in a {@code goto} to the meeting block, the jump-target arm is one
     * block of value instructions falling through into it, and nothing else enters either arm.
     */
    private static List<Block> withSelects(final List<Block> blocks, final List<Instruction> instructions,
                                           final int[] blockOf, final int[] predecessors) {
        final List<Block> result = new ArrayList<>(blocks);
        for (final Block block : blocks) {
            if (block.decision() != 2 || !(instructions.get(block.last()) instanceof BranchInstruction)) {
                continue;
            }
            final Block thenArm = blocks.get(block.successors().get(0));
            final Block elseArm = blocks.get(block.successors().get(1));
            if (predecessors[thenArm.id()] != 1 || predecessors[elseArm.id()] != 1
                    || !(instructions.get(thenArm.last()) instanceof BranchInstruction jump)
                    || jump.opcode() != Opcode.GOTO || thenArm.successors().size() != 1
                    || elseArm.successors().size() != 1 || elseArm.last() + 1 >= instructions.size()) {
                continue;
            }
            final int merge = thenArm.successors().getFirst();
            if (elseArm.successors().getFirst() != merge || blockOf[elseArm.last() + 1] != merge
                    || !computesOnly(instructions, thenArm.first(), thenArm.last() - 1)
                    || !computesOnly(instructions, elseArm.first(), elseArm.last())) {
                continue;
            }
            result.set(block.id(), new Block(block.id(), block.first(), block.last(), block.line(), block.terminal(),
                    block.successors(), block.handlers(), block.thrownType(), block.decision(), merge, block.resolved()));
        }
        return List.copyOf(result);
    }

    /** True if instructions {@code from..to} (inclusive; none when {@code to < from}) only push or compute values. */
    private static boolean computesOnly(final List<Instruction> instructions, final int from, final int to) {
        if (to < from) {
            return false;
        }
        for (int i = from; i <= to; i++) {
            final boolean pure = switch (instructions.get(i)) {
                case LoadInstruction _, ConstantInstruction _, OperatorInstruction _, ConvertInstruction _,
                     StackInstruction _, ArrayLoadInstruction _, TypeCheckInstruction _, NopInstruction _ -> true;
                case FieldInstruction field -> field.opcode() == Opcode.GETFIELD || field.opcode() == Opcode.GETSTATIC;
                default -> false;
            };
            if (!pure) {
                return false;
            }
        }
        return true;
    }

    private static List<Label> targets(final Instruction instruction) {
        return switch (instruction) {
            case BranchInstruction branch -> List.of(branch.target());
            case TableSwitchInstruction table -> {
                final List<Label> all = new ArrayList<>();
                all.add(table.defaultTarget());
                table.cases().forEach(c -> all.add(c.target()));
                yield all;
            }
            case LookupSwitchInstruction lookup -> {
                final List<Label> all = new ArrayList<>();
                all.add(lookup.defaultTarget());
                lookup.cases().forEach(c -> all.add(c.target()));
                yield all;
            }
            default -> List.of();
        };
    }

    private static boolean endsBlock(final Instruction instruction) {
        return instruction instanceof BranchInstruction || instruction instanceof TableSwitchInstruction
                || instruction instanceof LookupSwitchInstruction || instruction instanceof ReturnInstruction
                || instruction instanceof ThrowInstruction || instruction instanceof InvokeInstruction;
    }

    private static List<Handler> covering(final List<Handler> handlers, final int position) {
        final List<Handler> covering = new ArrayList<>();
        for (final Handler handler : handlers) {
            if (handler.covers(position)) {
                covering.add(handler);
            }
        }
        return List.copyOf(covering);
    }

    /**
     * {@code throw new T(...)} compiles to {@code new T; dup; ...; invokespecial T.<init>; athrow}.
     * (The constructor call ends the block before, as every call does; nothing jumps between it
     * and the {@code athrow}.)
     */
    private static Optional<String> constructedException(final List<Instruction> instructions, final int last) {
        if (last >= 1 && instructions.get(last - 1) instanceof InvokeInstruction init
                && init.opcode() == Opcode.INVOKESPECIAL && init.name().equalsString("<init>")) {
            return Optional.of(init.owner().asInternalName());
        }
        return Optional.empty();
    }

    private static final String ASSERTIONS_DISABLED = "$assertionsDisabled";

    /**
     * The name of the switch a branch at {@code last} tests, if it is {@code $assertionsDisabled}
     * or a boolean field marked {@code @DebugOnly}: {@code if<eq|ne>} right after reading it.
     */
    private static Optional<String> productionSwitch(final List<Instruction> instructions, final int last,
                                                     final Predicate<FieldInstruction> debugOnly) {
        final Opcode opcode = instructions.get(last).opcode();
        if (last < 1 || opcode != Opcode.IFEQ && opcode != Opcode.IFNE) {
            return Optional.empty();
        }
        final Instruction read = instructions.get(last - 1);
        if (read instanceof FieldInstruction field && field.opcode() == Opcode.GETSTATIC
                && field.name().equalsString(ASSERTIONS_DISABLED)) {
            return Optional.of(ASSERTIONS_DISABLED);
        }
        if (read instanceof FieldInstruction field
                && (field.opcode() == Opcode.GETFIELD || field.opcode() == Opcode.GETSTATIC)
                && field.type().equalsString("Z") && debugOnly.test(field)) {
            return Optional.of(field.name().stringValue());
        }
        return Optional.empty();
    }

    /** The debug-table entry of local {@code slot} live at {@code position}. */
    private static Optional<LocalVariable> local(final List<LocalVariable> locals, final Map<LocalVariable, int[]> scopes,
                                                 final int slot, final int position) {
        for (final LocalVariable local : locals) {
            final int[] scope = scopes.get(local);
            if (local.slot() == slot && scope[0] <= position && position <= scope[1]) {
                return Optional.of(local);
            }
        }
        return Optional.empty();
    }

    private static int firstLine(final int[] lines, final int first, final int last) {
        for (int i = first; i <= last; i++) {
            if (lines[i] >= 0) {
                return lines[i];
            }
        }
        return lines.length > first ? lines[first] : -1;
    }

    MethodRef method() {
        return method;
    }

    /** The assumed conditions that settled a branch of this method, as declared. */
    List<String> appliedAssumptions() {
        return appliedAssumptions;
    }

    /** True for a static method: its parameters start at local slot 0, not 1. */
    boolean isStatic() {
        return isStatic;
    }

    List<Block> blocks() {
        return blocks;
    }

    Block block(final int id) {
        return blocks.get(id);
    }

    List<Instruction> instructions() {
        return instructions;
    }

    /** How many edges, normal or exceptional, enter block {@code id}. */
    int predecessorCount(final int id) {
        return predecessors[id];
    }

    /** The block holding instruction {@code position}. */
    int blockOf(final int position) {
        return blockOf[position];
    }

    /** The source line of instruction {@code position}, or -1. */
    int line(final int position) {
        return lines[position];
    }

    /** Every source line this method's code comes from, sorted, distinct. */
    List<Integer> sourceLines() {
        final TreeSet<Integer> set = new TreeSet<>();
        for (final int line : lines) {
            if (line >= 0) {
                set.add(line);
            }
        }
        return List.copyOf(set);
    }

    /** Block index of the handler code of {@code handler}. */
    int handlerBlock(final Handler handler) {
        return blockOf[handler.handler()];
    }

    /**
     * Every block reachable in one step, normal or exceptional: the graph on which loops are
     * found. The path counter uses a subset of these edges.
     */
    List<Integer> allSuccessors(final int id) {
        final Block block = blocks.get(id);
        if (block.handlers().isEmpty()) {
            return block.successors();
        }
        final Set<Integer> all = new LinkedHashSet<>(block.successors());
        for (final Handler handler : block.handlers()) {
            all.add(handlerBlock(handler));
        }
        return List.copyOf(all);
    }

    /** The name of local {@code slot} as seen at instruction {@code position}, from the debug table. */
    Optional<String> localName(final int slot, final int position) {
        return local(locals, localScopes, slot, position).map(l -> l.name().stringValue());
    }

    /**
     * McCabe's cyclomatic complexity of the method, 1 + its decisions: each conditional branch
     * counts 1 (so {@code &&} and {@code ||} count, as each compiles to a branch), a switch counts
     * its distinct targets minus 1, and each typed {@code catch} counts 1. Untyped handlers are
     * javac's machinery for {@code finally} and {@code synchronized}, not decisions. Code that
     * cannot be reached (an {@code assert}'s test, with assertions off) does not count.
     */
    int cyclomatic() {
        final BitSet reachable = reachable();
        int complexity = 1;
        for (final Block block : blocks) {
            if (reachable.get(block.id())) {
                complexity += block.decision() - 1;
            }
        }
        final Set<Integer> typedHandlers = new TreeSet<>();
        for (final Handler handler : handlers) {
            if (handler.catchType().isPresent()) {
                typedHandlers.add(handler.handler());
            }
        }
        return complexity + typedHandlers.size();
    }

    /** The blocks reachable from the entry through {@link #allSuccessors}. */
    BitSet reachable() {
        final BitSet reached = new BitSet(blocks.size());
        final ArrayDeque<Integer> work = new ArrayDeque<>();
        work.push(0);
        reached.set(0);
        while (!work.isEmpty()) {
            for (final int successor : allSuccessors(work.pop())) {
                if (!reached.get(successor)) {
                    reached.set(successor);
                    work.push(successor);
                }
            }
        }
        return reached;
    }

    /** Exception-table entries, in table order. */
    List<Handler> handlers() {
        return Collections.unmodifiableList(handlers);
    }
}
