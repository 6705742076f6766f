package nicharness.metrics;

import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One method or constructor as the bytecode names it: the owner's internal name
 * ({@code nicharness/tinynf/Agent}), the method name ({@code <init>} for a constructor) and its
 * descriptor.
 *
 * @param owner      internal name of the declaring class
 * @param name       method name, {@code <init>} for constructors
 * @param descriptor JVM method descriptor, for example {@code (I[Z)V}
 */
public record MethodRef(String owner, String name, String descriptor) implements Comparable<MethodRef> {

    public MethodRef {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /** True for a constructor. */
    public boolean isConstructor() {
        return "<init>".equals(name);
    }

    /** The owner's simple binary name: {@code Agent}, or {@code Agent$Output} for a nested class. */
    public String ownerSimpleName() {
        return owner.substring(owner.lastIndexOf('/') + 1);
    }

    /**
     * How a reader finds it in the source: {@code Agent.transmit(int, boolean[])}, and a
     * constructor as {@code new Agent(Port, int)}.
     */
    public String displayName() {
        final StringJoiner parameters = new StringJoiner(", ", "(", ")");
        for (final ClassDesc parameter : MethodTypeDesc.ofDescriptor(descriptor).parameterList()) {
            parameters.add(parameter.displayName());
        }
        final String simple = ownerSimpleName().replace('$', '.');
        return isConstructor() ? "new " + simple + parameters : simple + "." + name + parameters;
    }

    @Override
    public int compareTo(final MethodRef other) {
        int c = owner.compareTo(other.owner);
        if (c == 0) {
            c = name.compareTo(other.name);
        }
        return c != 0 ? c : descriptor.compareTo(other.descriptor);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
