package nicharness.metrics;

import java.lang.classfile.Instruction;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The condition of a conditional branch written back as Java source, so that a declared assumption
 * ({@link PathDeclarations}) can name the branch it settles: {@code nbPkts <= 32},
 * {@code nbFree == 64}, {@code AdvancedRxDescriptor.endOfPacket(status)}, {@code !done}.
 *
 * <p>Operands that can be written back: constants (as their values: javac inlines
 * {@code static final} constants), local variables and parameters (by their debug names), fields
 * (by name, with their object unless it is {@code this}), array lengths, and calls whose arguments
 * are such operands (a static call with its class's simple name). A branch on anything else
 * (arithmetic, say) has no text and cannot be assumed.
 *
 * @param jumps   the condition under which the branch jumps
 * @param negated the condition under which it falls through
 */
record BranchCondition(String jumps, String negated) {

    /** The debug table's view of local variables. */
    interface Locals {
        /** Local {@code slot}'s name at instruction {@code position}, if the debug table has one. */
        Optional<String> name(int slot, int position);

        /** True if local {@code slot} holds a {@code boolean} at {@code position}. */
        boolean isBoolean(int slot, int position);
    }

    /** {@code condition} without white space, the form conditions are compared in. */
    static String normalise(final String condition) {
        return condition.replaceAll("\\s+", "");
    }

    /**
     * The condition of the branch at {@code branch}, reading its operands no further back than
     * {@code lowest}.
     */
    static Optional<BranchCondition> of(final List<Instruction> code, final int branch, final int lowest,
                                        final boolean isStatic, final Locals names) {
        final Opcode opcode = code.get(branch).opcode();
        final String operator = operator(opcode);
        if (operator == null) {
            return Optional.empty();
        }
        final Reader reader = new Reader(code, lowest, isStatic, names);
        if (isBinary(opcode)) {
            final Optional<Operand> right = reader.operandEndingAt(branch - 1);
            if (right.isEmpty()) {
                return Optional.empty();
            }
            final Optional<Operand> left = reader.operandEndingAt(right.get().start() - 1);
            if (left.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new BranchCondition(left.get().text() + " " + operator + " " + right.get().text(),
                    left.get().text() + " " + negate(operator) + " " + right.get().text()));
        }
        final Optional<Operand> value = reader.operandEndingAt(branch - 1);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        final String text = value.get().text();
        if (opcode == Opcode.IFNULL || opcode == Opcode.IFNONNULL) {
            return Optional.of(new BranchCondition(text + " " + operator + " null", text + " " + negate(operator) + " null"));
        }
        if (value.get().isBoolean() && (opcode == Opcode.IFEQ || opcode == Opcode.IFNE)) {
            return Optional.of(opcode == Opcode.IFNE ? new BranchCondition(text, "!" + text)
                    : new BranchCondition("!" + text, text));
        }
        return Optional.of(new BranchCondition(text + " " + operator + " 0", text + " " + negate(operator) + " 0"));
    }

    /** True if {@code condition} (as written in a declaration) is this branch's jump condition. */
    boolean isJump(final String condition) {
        return normalise(condition).equals(normalise(jumps));
    }

    /** True if {@code condition} is this branch's fall-through condition. */
    boolean isFallThrough(final String condition) {
        return normalise(condition).equals(normalise(negated));
    }

    private static boolean isBinary(final Opcode opcode) {
        return switch (opcode) {
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE, IF_ACMPEQ, IF_ACMPNE -> true;
            default -> false;
        };
    }

    private static String operator(final Opcode opcode) {
        return switch (opcode) {
            case IF_ICMPEQ, IF_ACMPEQ, IFEQ, IFNULL -> "==";
            case IF_ICMPNE, IF_ACMPNE, IFNE, IFNONNULL -> "!=";
            case IF_ICMPLT, IFLT -> "<";
            case IF_ICMPGE, IFGE -> ">=";
            case IF_ICMPGT, IFGT -> ">";
            case IF_ICMPLE, IFLE -> "<=";
            default -> null;
        };
    }

    private static String negate(final String operator) {
        return switch (operator) {
            case "==" -> "!=";
            case "!=" -> "==";
            case "<" -> ">=";
            case ">=" -> "<";
            case ">" -> "<=";
            case "<=" -> ">";
            default -> throw new IllegalArgumentException(operator);
        };
    }

    /** An operand written back, and where its instructions start. */
    private record Operand(String text, int start, boolean isBoolean) {
    }

    /** Reads operands backwards from a position. */
    private record Reader(List<Instruction> code, int lowest, boolean isStatic, Locals names) {

        Optional<Operand> operandEndingAt(final int end) {
            if (end < lowest) {
                return Optional.empty();
            }
            return switch (code.get(end)) {
                case ConstantInstruction constant -> Optional.of(new Operand(
                        constant.opcode() == Opcode.ACONST_NULL ? "null" : String.valueOf(constant.constantValue()), end,
                        false));
                case LoadInstruction load -> Optional.of(new Operand(
                        !isStatic && load.slot() == 0 && load.typeKind() == TypeKind.REFERENCE ? "this"
                                : names.name(load.slot(), end).orElse("local" + load.slot()),
                        end, names.isBoolean(load.slot(), end)));
                case FieldInstruction field when field.opcode() == Opcode.GETSTATIC -> Optional.of(
                        new Operand(field.name().stringValue(), end, field.type().equalsString("Z")));
                case FieldInstruction field when field.opcode() == Opcode.GETFIELD -> operandEndingAt(end - 1)
                        .map(object -> new Operand(qualified(object.text(), field.name().stringValue()), object.start(),
                                field.type().equalsString("Z")));
                case Instruction instruction when instruction.opcode() == Opcode.ARRAYLENGTH ->
                        operandEndingAt(end - 1).map(array -> new Operand(array.text() + ".length", array.start(), false));
                case InvokeInstruction invoke -> call(invoke, end);
                default -> Optional.empty();
            };
        }

        private Optional<Operand> call(final InvokeInstruction invoke, final int end) {
            final MethodTypeDesc type = invoke.typeSymbol();
            final List<String> arguments = new ArrayList<>();
            int next = end - 1;
            for (int i = type.parameterCount() - 1; i >= 0; i--) {
                final Optional<Operand> argument = operandEndingAt(next);
                if (argument.isEmpty()) {
                    return Optional.empty();
                }
                arguments.add(argument.get().text());
                next = argument.get().start() - 1;
            }
            Collections.reverse(arguments);
            final String name = invoke.name().stringValue() + "(" + String.join(", ", arguments) + ")";
            final boolean isBoolean = type.returnType().descriptorString().equals("Z");
            if (invoke.opcode() == Opcode.INVOKESTATIC) {
                final String owner = invoke.owner().asInternalName();
                final String simple = owner.substring(owner.lastIndexOf('/') + 1).replace('$', '.');
                return Optional.of(new Operand(simple + "." + name, next + 1, isBoolean));
            }
            return operandEndingAt(next).map(receiver -> new Operand(qualified(receiver.text(), name), receiver.start(),
                    isBoolean));
        }

        private static String qualified(final String object, final String member) {
            return "this".equals(object) ? member : object + "." + member;
        }
    }
}
