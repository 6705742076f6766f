package nicharness.metrics;

import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;

/**
 * The entry points a driver declares for each column of Table 2, read from the
 * {@link DriverPart @DriverPart} annotations in its class files (no class is loaded or
 * initialised), and checked: every part has at least one entry point, each with code. (That no
 * entry point is counted in two parts is checked by {@link DriverComplexity#checkParts()}, which
 * knows what each part calls.)
 */
final class PartDeclarations {

    private static final String DRIVER_PART = "L" + DriverPart.class.getName().replace('.', '/') + ";";

    private final Map<Part, List<MethodRef>> entryPoints;

    private PartDeclarations(final Map<Part, List<MethodRef>> entryPoints) {
        this.entryPoints = entryPoints;
    }

    /**
     * Reads and checks the declarations of {@code pool}'s code base.
     *
     * @throws IllegalStateException naming the driver and every problem found
     */
    static PartDeclarations of(final ClassPool pool) {
        final Map<Part, List<MethodRef>> entryPoints = new EnumMap<>(Part.class);
        for (final Part part : Part.values()) {
            entryPoints.put(part, new ArrayList<>());
        }
        final List<String> problems = new ArrayList<>();
        for (final ClassModel model : pool.classes()) {
            for (final MethodModel method : model.methods()) {
                for (final Part part : declaredParts(method)) {
                    final MethodRef ref = ClassPool.refOf(model, method);
                    if (method.code().isEmpty()) {
                        problems.add(ref.displayName() + " is declared " + part
                                + " but has no code (abstract or native); annotate the implementation instead");
                        continue;
                    }
                    entryPoints.get(part).add(ref);
                }
            }
        }
        for (final Part part : Part.values()) {
            if (entryPoints.get(part).isEmpty()) {
                problems.add("no method is declared " + part + "; annotate its entry point with @DriverPart(Part."
                        + part + ")");
            }
            entryPoints.get(part).sort(null);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("driver " + pool.codeBase().label() + " (package "
                    + pool.codeBase().packageName() + ") does not declare its Table 2 parts correctly: "
                    + String.join("; ", problems));
        }
        final Map<Part, List<MethodRef>> frozen = new EnumMap<>(Part.class);
        entryPoints.forEach((part, list) -> frozen.put(part, List.copyOf(list)));
        return new PartDeclarations(frozen);
    }

    /** The entry points of {@code part}, sorted. */
    List<MethodRef> entryPoints(final Part part) {
        return entryPoints.get(part);
    }

    /** Every part {@code method} is annotated with: none or one (the annotation is not repeatable). */
    private static List<Part> declaredParts(final MethodModel method) {
        final List<Part> parts = new ArrayList<>();
        method.findAttribute(Attributes.runtimeVisibleAnnotations()).ifPresent(attribute -> {
            for (final var annotation : attribute.annotations()) {
                if (!annotation.className().equalsString(DRIVER_PART)) {
                    continue;
                }
                for (final AnnotationElement element : annotation.elements()) {
                    if (element.name().equalsString("value") && element.value() instanceof AnnotationValue.OfEnum value) {
                        parts.add(Part.valueOf(value.constantName().stringValue()));
                    }
                }
            }
        });
        return parts;
    }
}
