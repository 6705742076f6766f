package nicharness.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.FieldModel;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bytecode of one {@link CodeBase}, read with {@code java.lang.classfile} through the code
 * base's class loader (no class is initialised), and the answer to "which methods of the driver
 * can this call reach?".
 *
 * <p>Call resolution: {@code invokestatic} and {@code invokespecial} name their target; a virtual
 * or interface call reaches the implementation that each concrete class of the code base below the
 * named owner would run, so a call through a driver interface with two implementations reaches
 * both (two alternatives, whose paths add up). A call whose owner is outside the code base, or
 * which reaches no method with code inside it, is a leaf, except that a pool
 * {@linkplain #followingSharedBringUp() following the shared bring-up} (init's) also follows calls
 * into {@code DeviceBringUp} and {@code RegisterWait} (module {@code ixgbe}). So is a call into a class marked
 * {@code @AllocationStep} (a pool, ring or buffer operation), unless this pool
 * {@linkplain #followingAllocation() follows them}: the paper counts the driver's functions and
 * names allocation as steps of their own.
 */
final class ClassPool {
    /**
     * The shared device bring-up (module {@code ixgbe}, datasheet 4.6.3) that every driver's init
     * runs: {@code DeviceBringUp} and its register waits, followed from a driver's init as each
     * original's init runs its own bring-up ({@link #followingSharedBringUp()}). The rest of the
     * package stays a leaf: {@code Regs}' offsets and field helpers are the C drivers' register
     * macros ({@code IXGBE_RDBAL(n)}, TinyNF's {@code REG_RDBAL(n)}), a register access is one
     * statement as the paper counts it, and a {@code DeviceInitException} is the failure's message.
     */
    static final List<String> SHARED_BRING_UP = List.of("nicharness/ixgbe/DeviceBringUp", "nicharness/ixgbe/RegisterWait");

    private final CodeBase codeBase;
    private final boolean followsAllocation;
    private final boolean followsBringUp;
    private final Map<String, Optional<ClassModel>> models = new HashMap<>();
    private final Map<String, Boolean> allocationClasses = new HashMap<>();
    private List<ClassModel> all;

    /** A pool in which a call into an {@code @AllocationStep} class is a leaf, as the paper counts. */
    ClassPool(final CodeBase codeBase) {
        this(codeBase, false, false);
    }

    private ClassPool(final CodeBase codeBase, final boolean followsAllocation, final boolean followsBringUp) {
        this.codeBase = codeBase;
        this.followsAllocation = followsAllocation;
        this.followsBringUp = followsBringUp;
    }

    /**
     * Whether calls into {@code internalName} are followed: the driver's own classes, and, in a
     * pool {@linkplain #followingSharedBringUp() following the bring-up}, the shared bring-up's.
     */
    private boolean follows(final String internalName) {
        return codeBase.contains(internalName) || followsBringUp && SHARED_BRING_UP.stream()
                .anyMatch(c -> internalName.equals(c) || internalName.startsWith(c + "$"));
    }

    CodeBase codeBase() {
        return codeBase;
    }

    /** Every class of the code base. */
    List<ClassModel> classes() {
        if (all == null) {
            final List<ClassModel> list = new ArrayList<>();
            for (final String name : codeBase.classNames()) {
                list.add(model(name).orElseThrow(() -> new IllegalStateException(
                        "class " + name + " of driver " + codeBase.label() + " is listed but cannot be read")));
            }
            all = List.copyOf(list);
        }
        return all;
    }

    /** The class {@code internalName}, if the code base's loader can read it. */
    Optional<ClassModel> model(final String internalName) {
        return models.computeIfAbsent(internalName, this::read);
    }

    /** The annotation that declares a field debug-only ({@code nicharness.driver.DebugOnly}). */
    static final String DEBUG_ONLY = "Lnicharness/driver/DebugOnly;";

    /**
     * Whether the field {@code access} reads is marked {@code @DebugOnly}: false in the driver as
     * measured. A field whose class cannot be read is not.
     */
    boolean isDebugOnly(final FieldInstruction access) {
        return model(access.owner().asInternalName()).flatMap(c -> c.fields().stream()
                        .filter(f -> f.fieldName().equalsString(access.name().stringValue())
                                && f.fieldType().equalsString(access.type().stringValue()))
                        .findFirst())
                .map(ClassPool::hasDebugOnly)
                .orElse(false);
    }

    private static boolean hasDebugOnly(final FieldModel field) {
        final boolean invisible = field.findAttribute(Attributes.runtimeInvisibleAnnotations())
                .map(a -> a.annotations().stream().anyMatch(x -> x.className().equalsString(DEBUG_ONLY)))
                .orElse(false);
        final boolean visible = field.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(a -> a.annotations().stream().anyMatch(x -> x.className().equalsString(DEBUG_ONLY)))
                .orElse(false);
        return invisible || visible;
    }

    /** The method {@code ref} as declared in its owner, if the owner declares it. */
    Optional<MethodModel> method(final MethodRef ref) {
        return model(ref.owner()).flatMap(c -> c.methods().stream()
                .filter(m -> m.methodName().equalsString(ref.name()) && m.methodType().equalsString(ref.descriptor()))
                .findFirst());
    }

    /** The reference naming {@code method} of {@code owner}. */
    static MethodRef refOf(final ClassModel owner, final MethodModel method) {
        return new MethodRef(owner.thisClass().asInternalName(), method.methodName().stringValue(),
                method.methodType().stringValue());
    }

    /**
     * The driver methods {@code invoke} can run, in a stable order; empty for a leaf (a call out of
     * the driver, or into a method without code).
     */
    List<MethodRef> targets(final InvokeInstruction invoke) {
        if (followsAllocation || !isAllocationStep(invoke.owner().asInternalName())) {
            return resolve(invoke);
        }
        return List.of();
    }

    /**
     * The allocation steps {@code invoke} reaches: its targets when it calls into a class marked
     * {@code @AllocationStep}, otherwise none.
     */
    List<MethodRef> allocationTargets(final InvokeInstruction invoke) {
        return isAllocationStep(invoke.owner().asInternalName()) ? resolve(invoke) : List.of();
    }

    /** The annotation that marks a class's methods as allocation steps ({@code nicharness.driver.AllocationStep}). */
    static final String ALLOCATION_STEP = "Lnicharness/driver/AllocationStep;";

    /** Whether {@code internalName} is a class of the code base marked {@code @AllocationStep}. */
    boolean isAllocationStep(final String internalName) {
        if (!codeBase.contains(internalName)) {
            return false;
        }
        return allocationClasses.computeIfAbsent(internalName, n -> model(n).map(c -> {
            final boolean invisible = c.findAttribute(Attributes.runtimeInvisibleAnnotations())
                    .map(a -> a.annotations().stream().anyMatch(x -> x.className().equalsString(ALLOCATION_STEP)))
                    .orElse(false);
            final boolean visible = c.findAttribute(Attributes.runtimeVisibleAnnotations())
                    .map(a -> a.annotations().stream().anyMatch(x -> x.className().equalsString(ALLOCATION_STEP)))
                    .orElse(false);
            return invisible || visible;
        }).orElse(false));
    }

    /** This pool's view in which calls into allocation steps are followed like any other. */
    ClassPool followingAllocation() {
        return new ClassPool(codeBase, true, followsBringUp);
    }

    /**
     * This pool's view in which calls into the shared bring-up ({@link #SHARED_BRING_UP}: the
     * device bring-up and its register waits) are followed like the driver's own: how init is counted, so
     * that each driver's init includes the bring-up it runs, as each original's does (TinyNF's
     * {@code tn_net_device_init}, DPDK's {@code eth_ixgbe_dev_init}, ixy's {@code reset_and_init}).
     */
    ClassPool followingSharedBringUp() {
        return new ClassPool(codeBase, followsAllocation, true);
    }

    private List<MethodRef> resolve(final InvokeInstruction invoke) {
        final String owner = invoke.owner().asInternalName();
        if (!follows(owner)) {
            return List.of();
        }
        final String name = invoke.name().stringValue();
        final String descriptor = invoke.type().stringValue();
        final Opcode opcode = invoke.opcode();
        if (opcode == Opcode.INVOKESTATIC || opcode == Opcode.INVOKESPECIAL) {
            return implementation(owner, name, descriptor).map(List::of).orElse(List.of());
        }
        final Set<MethodRef> reached = new LinkedHashSet<>();
        for (final ClassModel candidate : classes()) {
            final String candidateName = candidate.thisClass().asInternalName();
            if (!candidate.flags().has(AccessFlag.ABSTRACT) && !candidate.flags().has(AccessFlag.INTERFACE)
                    && isSubtype(candidateName, owner)) {
                implementation(candidateName, name, descriptor).ifPresent(reached::add);
            }
        }
        if (reached.isEmpty()) {
            // The owner itself may be concrete and loaded from elsewhere (for example a nested class
            // the listing missed); fall back on plain resolution from the named owner.
            implementation(owner, name, descriptor).ifPresent(reached::add);
        }
        return List.copyOf(reached);
    }

    /**
     * The method with code that a call of {@code name descriptor} on an instance of {@code type}
     * runs, looked up the superclass chain and then in default methods, inside the followed classes only.
     */
    Optional<MethodRef> implementation(final String type, final String name, final String descriptor) {
        String current = type;
        while (current != null && follows(current)) {
            final Optional<ClassModel> model = model(current);
            if (model.isEmpty()) {
                return Optional.empty();
            }
            final Optional<MethodModel> declared = declared(model.get(), name, descriptor);
            if (declared.isPresent()) {
                return declared.get().code().isPresent() ? Optional.of(refOf(model.get(), declared.get())) : Optional.empty();
            }
            current = model.get().superclass().map(ClassEntry::asInternalName).orElse(null);
        }
        return defaultMethod(type, name, descriptor, new LinkedHashSet<>());
    }

    /** True if {@code type} is {@code ancestor} or extends or implements it, through code-base classes. */
    boolean isSubtype(final String type, final String ancestor) {
        if (type.equals(ancestor)) {
            return true;
        }
        final Optional<ClassModel> model = model(type);
        if (model.isEmpty() || !follows(type)) {
            return false;
        }
        final Optional<ClassEntry> superclass = model.get().superclass();
        if (superclass.isPresent() && isSubtype(superclass.get().asInternalName(), ancestor)) {
            return true;
        }
        for (final ClassEntry parent : model.get().interfaces()) {
            if (isSubtype(parent.asInternalName(), ancestor)) {
                return true;
            }
        }
        return false;
    }

    private Optional<MethodRef> defaultMethod(final String type, final String name, final String descriptor,
                                              final Set<String> seen) {
        if (!follows(type) || !seen.add(type)) {
            return Optional.empty();
        }
        final Optional<ClassModel> model = model(type);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        if (model.get().flags().has(AccessFlag.INTERFACE)) {
            final Optional<MethodModel> declared = declared(model.get(), name, descriptor);
            if (declared.isPresent() && declared.get().code().isPresent()) {
                return Optional.of(refOf(model.get(), declared.get()));
            }
        }
        final List<String> parents = new ArrayList<>();
        model.get().superclass().ifPresent(s -> parents.add(s.asInternalName()));
        model.get().interfaces().forEach(i -> parents.add(i.asInternalName()));
        for (final String parent : parents) {
            final Optional<MethodRef> found = defaultMethod(parent, name, descriptor, seen);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<MethodModel> declared(final ClassModel model, final String name, final String descriptor) {
        return model.methods().stream()
                .filter(m -> m.methodName().equalsString(name) && m.methodType().equalsString(descriptor))
                .findFirst();
    }

    private Optional<ClassModel> read(final String internalName) {
        try (InputStream in = codeBase.loader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(ClassFile.of().parse(in.readAllBytes()));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + internalName, e);
        }
    }
}
