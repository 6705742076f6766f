package nicharness.metrics;

import java.lang.classfile.Instruction;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A counted loop: {@code for (int i = c; i < bound; i += s)} and its variants ({@code <=},
 * {@code !=}, counting down with {@code >} or {@code >=}), recognised in the bytecode of its
 * header. Its number of iterations is fixed once {@code bound} is known, so the loop's own test
 * is not a decision: the path counter unrolls it that many times (see {@link PathCounter}).
 *
 * <p>What is recognised, on the loop header block (javac puts the test of a {@code for} or
 * {@code while} there): two int operands and an {@code if_icmp<cond>} (or one operand and
 * {@code if<cond>} against zero), one of which is a local variable that the loop changes only with
 * one {@code iinc} (the induction variable), the other loop-invariant: a constant, a field, the
 * length of an array in a field, a method parameter, or a local variable holding one of these.
 * Anything else ({@code do}/{@code while} loops tested at the bottom, loops driven by the
 * descriptors' DD bits, iterators) is not counted and falls under the "at most once" rule.
 *
 * @param header       the loop header block
 * @param bodyEntry    the successor of the header inside the loop
 * @param exit         the successor of the header outside the loop
 * @param line         the source line of the test
 * @param variable     the induction variable's name, or {@code slot n} without debug names
 * @param init         the variable's initial value when it is a constant
 * @param step         the {@code iinc} constant
 * @param continueWhile the comparison that keeps the loop going, as {@code variable <op> bound}
 * @param bound        what the variable is compared with
 */
record CountedLoop(int header, int bodyEntry, int exit, int line, String variable, OptionalLong init, int step,
                   Comparison continueWhile, LoopBound bound) {

    /** A comparison {@code a <op> b} between ints. */
    enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Comparison(final String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        Comparison negate() {
            return switch (this) {
                case LT -> GE;
                case LE -> GT;
                case GT -> LE;
                case GE -> LT;
                case EQ -> NE;
                case NE -> EQ;
            };
        }

        /** The same test with its operands swapped: {@code a < b} is {@code b > a}. */
        Comparison swap() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                case EQ, NE -> this;
            };
        }
    }

    /**
     * What a counted loop's variable is compared with.
     *
     * @param constant    its value when it is a compile-time constant ({@code static final} ints
     *                    are inlined by javac)
     * @param description how a reader finds it: {@code field Agent.outputs}, {@code length of
     *                    field Agent.rings}, {@code parameter max of RxQueue.receive}
     * @param field       when the bound is a field or the length of an array field, possibly
     *                    through local copies: {@code Agent.rings}, the key a declared loop bound
     *                    ({@link PathDeclarations}) is looked up by
     */
    record LoopBound(OptionalLong constant, String description, Optional<String> field) {

        static LoopBound ofConstant(final long value) {
            return new LoopBound(OptionalLong.of(value), "the constant " + value, Optional.empty());
        }
    }

    /** The number of iterations for a given bound value, if the loop terminates in a known count. */
    OptionalLong iterations(final long boundValue) {
        if (init.isEmpty()) {
            return OptionalLong.empty();
        }
        return iterations(init.getAsLong(), step, continueWhile, boundValue);
    }

    /** How many times {@code for (i = init; i <op> bound; i += step)} runs its body. */
    static OptionalLong iterations(final long init, final long step, final Comparison op, final long bound) {
        if (step == 0) {
            return OptionalLong.empty();
        }
        final boolean up = step > 0;
        final long magnitude = Math.abs(step);
        return switch (op) {
            case LT -> up ? OptionalLong.of(init < bound ? ceilDiv(bound - init, magnitude) : 0) : OptionalLong.empty();
            case LE -> up ? OptionalLong.of(init <= bound ? (bound - init) / magnitude + 1 : 0) : OptionalLong.empty();
            case GT -> up ? OptionalLong.empty() : OptionalLong.of(init > bound ? ceilDiv(init - bound, magnitude) : 0);
            case GE -> up ? OptionalLong.empty() : OptionalLong.of(init >= bound ? (init - bound) / magnitude + 1 : 0);
            case EQ -> OptionalLong.of(init == bound ? 1 : 0);
            case NE -> {
                final long distance = up ? bound - init : init - bound;
                yield distance >= 0 && distance % magnitude == 0 ? OptionalLong.of(distance / magnitude) : OptionalLong.empty();
            }
        };
    }

    private static long ceilDiv(final long a, final long b) {
        return (a + b - 1) / b;
    }

    // ------------------------------------------------------------------------------------------
    // Recognition
    // ------------------------------------------------------------------------------------------

    /** An int operand of the header's test. */
    private sealed interface Operand permits Constant, Field, Local, Length {
    }

    private record Constant(long value) implements Operand {
    }

    private record Field(String owner, String name, boolean isStatic) implements Operand {
    }

    private record Local(int slot) implements Operand {
    }

    private record Length(Operand array) implements Operand {
    }

    /** A parsed operand and where parsing stopped. */
    private record Parsed(Operand operand, int next) {
    }

    /** The counted loop headed by {@code loop}, if its header has the recognised shape. */
    static Optional<CountedLoop> recognise(final ControlFlowGraph cfg, final LoopNest.Loop loop) {
        final ControlFlowGraph.Block header = cfg.block(loop.header());
        final List<Instruction> code = cfg.instructions();
        if (!(code.get(header.last()) instanceof BranchInstruction branch) || header.successors().size() != 2) {
            return Optional.empty();
        }
        // ControlFlowGraph lists a branch's successors as [fall-through, target].
        final int fallThrough = header.successors().get(0);
        final int taken = header.successors().get(1);
        final boolean takenInside = loop.body().contains(taken);
        if (takenInside == loop.body().contains(fallThrough)) {
            return Optional.empty();
        }
        final Comparison whenTaken = comparison(branch.opcode());
        if (whenTaken == null) {
            return Optional.empty();
        }
        // The operands: everything between the block's start and the branch.
        final List<Operand> operands = new ArrayList<>();
        int position = header.first();
        while (position < header.last()) {
            final Parsed parsed = parseForward(code, position, header.last());
            if (parsed == null) {
                return Optional.empty();
            }
            operands.add(parsed.operand());
            position = parsed.next();
        }
        if (isZeroComparison(branch.opcode())) {
            operands.add(new Constant(0));
        }
        if (operands.size() != 2) {
            return Optional.empty();
        }
        final Comparison continueTest = takenInside ? whenTaken : whenTaken.negate();
        // Which operand is the induction variable: a local changed in the loop by exactly one iinc.
        for (int side = 0; side < 2; side++) {
            if (operands.get(side) instanceof Local(final int slot)) {
                final OptionalLong step = inductionStep(cfg, loop, slot);
                if (step.isEmpty()) {
                    continue;
                }
                final Operand other = operands.get(1 - side);
                final Optional<LoopBound> bound = bound(cfg, loop, other, header.first());
                if (bound.isEmpty()) {
                    return Optional.empty();
                }
                final Comparison test = side == 0 ? continueTest : continueTest.swap();
                final String name = cfg.localName(slot, header.first()).orElse("slot " + slot);
                return Optional.of(new CountedLoop(loop.header(), takenInside ? taken : fallThrough,
                        takenInside ? fallThrough : taken, cfg.line(header.last()), name,
                        initialValue(cfg, loop, slot), (int) step.getAsLong(), test, bound.get()));
            }
        }
        return Optional.empty();
    }

    private static Comparison comparison(final Opcode opcode) {
        return switch (opcode) {
            case IF_ICMPLT, IFLT -> Comparison.LT;
            case IF_ICMPLE, IFLE -> Comparison.LE;
            case IF_ICMPGT, IFGT -> Comparison.GT;
            case IF_ICMPGE, IFGE -> Comparison.GE;
            case IF_ICMPEQ, IFEQ -> Comparison.EQ;
            case IF_ICMPNE, IFNE -> Comparison.NE;
            default -> null;
        };
    }

    private static boolean isZeroComparison(final Opcode opcode) {
        return switch (opcode) {
            case IFLT, IFLE, IFGT, IFGE, IFEQ, IFNE -> true;
            default -> false;
        };
    }

    /** Parses one int operand starting at {@code from}, not reaching {@code limit}. */
    private static Parsed parseForward(final List<Instruction> code, final int from, final int limit) {
        final Instruction first = code.get(from);
        Operand operand = null;
        int next = from + 1;
        if (first instanceof ConstantInstruction constant && constant.typeKind() == TypeKind.INT) {
            operand = new Constant(((Number) constant.constantValue()).longValue());
        } else if (first instanceof LoadInstruction load && load.typeKind() == TypeKind.INT) {
            operand = new Local(load.slot());
        } else if (first instanceof LoadInstruction load && load.typeKind() == TypeKind.REFERENCE
                && next < limit && code.get(next) instanceof FieldInstruction field && field.opcode() == Opcode.GETFIELD) {
            operand = new Field(field.owner().asInternalName(), field.name().stringValue(), false);
            next++;
        } else if (first instanceof LoadInstruction load && load.typeKind() == TypeKind.REFERENCE) {
            operand = new Local(load.slot());
        } else if (first instanceof FieldInstruction field && field.opcode() == Opcode.GETSTATIC) {
            operand = new Field(field.owner().asInternalName(), field.name().stringValue(), true);
        }
        if (operand == null) {
            return null;
        }
        if (next < limit && code.get(next).opcode() == Opcode.ARRAYLENGTH) {
            return new Parsed(new Length(operand), next + 1);
        }
        return next <= limit ? new Parsed(operand, next) : null;
    }

    /** Parses the operand that ends at {@code end} (inclusive), reading backwards: the value a store stored. */
    private static Operand parseBackward(final List<Instruction> code, final int end) {
        if (end < 0) {
            return null;
        }
        final Instruction last = code.get(end);
        if (last.opcode() == Opcode.ARRAYLENGTH) {
            final Operand array = parseBackward(code, end - 1);
            return array == null ? null : new Length(array);
        }
        if (last instanceof ConstantInstruction constant && constant.typeKind() == TypeKind.INT) {
            return new Constant(((Number) constant.constantValue()).longValue());
        }
        if (last instanceof LoadInstruction load) {
            return new Local(load.slot());
        }
        if (last instanceof FieldInstruction field && field.opcode() == Opcode.GETSTATIC) {
            return new Field(field.owner().asInternalName(), field.name().stringValue(), true);
        }
        if (last instanceof FieldInstruction field && field.opcode() == Opcode.GETFIELD && end >= 1
                && code.get(end - 1) instanceof LoadInstruction object && object.typeKind() == TypeKind.REFERENCE) {
            return new Field(field.owner().asInternalName(), field.name().stringValue(), false);
        }
        return null;
    }

    /** The step of induction variable {@code slot}: its single {@code iinc} in the loop, with no other store. */
    private static OptionalLong inductionStep(final ControlFlowGraph cfg, final LoopNest.Loop loop, final int slot) {
        int increments = 0;
        long step = 0;
        for (final int block : loop.body()) {
            final ControlFlowGraph.Block b = cfg.block(block);
            for (int i = b.first(); i <= b.last(); i++) {
                final Instruction instruction = cfg.instructions().get(i);
                if (instruction instanceof IncrementInstruction inc && inc.slot() == slot) {
                    increments++;
                    step = inc.constant();
                } else if (instruction instanceof StoreInstruction store && store.slot() == slot) {
                    return OptionalLong.empty();
                }
            }
        }
        return increments == 1 && step != 0 ? OptionalLong.of(step) : OptionalLong.empty();
    }

    /** The constant the induction variable starts from: the last store to it before the loop. */
    private static OptionalLong initialValue(final ControlFlowGraph cfg, final LoopNest.Loop loop, final int slot) {
        final int store = lastStoreBefore(cfg, loop, slot);
        if (store < 1) {
            return OptionalLong.empty();
        }
        return parseBackward(cfg.instructions(), store - 1) instanceof Constant(final long value)
                ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** The position of the last store to {@code slot} before the loop in code order, or -1. */
    private static int lastStoreBefore(final ControlFlowGraph cfg, final LoopNest.Loop loop, final int slot) {
        final int start = loop.body().stream().mapToInt(b -> cfg.block(b).first()).min().orElseThrow();
        for (int i = start - 1; i >= 0; i--) {
            final Instruction instruction = cfg.instructions().get(i);
            if (instruction instanceof StoreInstruction store && store.slot() == slot) {
                return i;
            }
            if (instruction instanceof IncrementInstruction inc && inc.slot() == slot) {
                return -1;
            }
        }
        return -1;
    }

    /** Describes the loop-invariant operand {@code operand}, or empty if the loop changes it. */
    private static Optional<LoopBound> bound(final ControlFlowGraph cfg, final LoopNest.Loop loop, final Operand operand,
                                             final int at) {
        return bound(cfg, loop, operand, at, new ArrayList<>(), 0);
    }

    private static Optional<LoopBound> bound(final ControlFlowGraph cfg, final LoopNest.Loop loop, final Operand operand,
                                             final int at, final List<String> aliases, final int depth) {
        if (depth > 4) {
            return Optional.empty();
        }
        return switch (operand) {
            case Constant(final long value) -> Optional.of(aliases.isEmpty() ? LoopBound.ofConstant(value)
                    : new LoopBound(OptionalLong.of(value), "the constant " + value + " (" + aliases.getFirst() + ")",
                    Optional.empty()));
            case Field field -> {
                final String key = simple(field.owner()) + "." + field.name();
                yield Optional.of(new LoopBound(OptionalLong.empty(), "field " + key, Optional.of(key)));
            }
            case Length(final Operand array) -> bound(cfg, loop, array, at, aliases, depth + 1)
                    .map(b -> new LoopBound(OptionalLong.empty(), "length of " + b.description(), b.field()));
            case Local(final int slot) -> {
                if (isStoredIn(cfg, loop.body(), slot)) {
                    yield Optional.empty();
                }
                final Optional<String> name = cfg.localName(slot, at);
                final List<String> names = new ArrayList<>(aliases);
                name.ifPresent(names::add);
                final int store = lastStoreBefore(cfg, loop, slot);
                if (store >= 1) {
                    final Operand stored = parseBackward(cfg.instructions(), store - 1);
                    if (stored != null && !(stored instanceof Local(final int same) && same == slot)) {
                        final Optional<LoopBound> resolved = bound(cfg, loop, stored, store, names, depth + 1);
                        if (resolved.isPresent()) {
                            yield resolved;
                        }
                    }
                    yield Optional.of(new LoopBound(OptionalLong.empty(), "local " + name.orElse("slot " + slot),
                            Optional.empty()));
                }
                final int parameter = parameterIndex(cfg.method(), cfg.isStatic(), slot);
                final String what = parameter >= 0 ? "parameter " + name.orElse("#" + parameter) + " of "
                        + cfg.method().displayName() : "local " + name.orElse("slot " + slot);
                yield Optional.of(new LoopBound(OptionalLong.empty(), what, Optional.empty()));
            }
        };
    }

    private static boolean isStoredIn(final ControlFlowGraph cfg, final Set<Integer> blocks, final int slot) {
        for (final int block : blocks) {
            final ControlFlowGraph.Block b = cfg.block(block);
            for (int i = b.first(); i <= b.last(); i++) {
                final Instruction instruction = cfg.instructions().get(i);
                if (instruction instanceof StoreInstruction store && store.slot() == slot
                        || instruction instanceof IncrementInstruction inc && inc.slot() == slot) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Which declared parameter lives in local {@code slot} (0-based, not counting {@code this}), or -1. */
    private static int parameterIndex(final MethodRef method, final boolean isStatic, final int slot) {
        int next = isStatic ? 0 : 1;
        final var parameters = MethodTypeDesc.ofDescriptor(method.descriptor()).parameterList();
        for (int i = 0; i < parameters.size(); i++) {
            if (next == slot) {
                return i;
            }
            next += TypeKind.from(parameters.get(i)).slotSize();
        }
        return -1;
    }

    private static String simple(final String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replace('$', '.');
    }
}
