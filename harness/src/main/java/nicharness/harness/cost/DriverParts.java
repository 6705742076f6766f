package nicharness.harness.cost;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nicharness.driver.DriverPart.Part;
import nicharness.harness.cost.CompiledCodePrint.Frame;
import nicharness.metrics.CodeBase;
import nicharness.metrics.DriverComplexity;
import nicharness.metrics.MethodRef;

/**
 * Which group of the instruction account ({@link CallgrindAccount}) an instruction belongs to,
 * from its inlining chain: receive and transmit are what the drivers declare for Table 2
 * ({@link nicharness.driver.DriverPart}) and everything those entry points call in the driver (the
 * closures of the complexity measurement), so the two accounts use one definition of each part.
 *
 * <p>The rule, over the chain from the innermost frame out:
 * <ul>
 * <li>a frame of the clock, the model or the deferred rig's posted writes decides at once
 *     ({@code clock}, {@code model});</li>
 * <li>a frame of the NF (the {@code nicharness.nf} packages, except the {@code Packet} view the
 *     driver points at each packet) decides {@code NF};</li>
 * <li>a driver method reached from receive only decides {@code driver receive}, from transmit only
 *     {@code driver transmit}; a helper both reach (TinyNF's flush and recycle: receive flushes and
 *     recycles when it finds nothing) does not decide, the frames around it may; if none does,
 *     {@code driver receive or transmit};</li>
 * <li>a driver method reached from neither (the run loop, the handler that turns the NF's answer
 *     into outputs, the counters) does not decide; if nothing does, {@code driver loop};</li>
 * <li>frames of the JDK, the shared {@code ixgbe} helpers (descriptor layouts, {@code DmaWords}),
 *     the driver API and the environment do not decide: they count as whoever inlined them;</li>
 * <li>a frame of the rig around the driver ends the walk.</li>
 * </ul>
 * A chain that no frame decides, and that holds no driver frame, counts as the compiled method
 * it is in ({@link CallgrindAccount#group(String)}).
 */
final class DriverParts {

    static final String RECEIVE = "driver receive";
    static final String TRANSMIT = "driver transmit";
    static final String SHARED = "driver receive or transmit";
    static final String LOOP = "driver loop";
    /** The groups that are the driver's receive and transmit, what the slides' 35 and 100 count. */
    static final List<String> RECEIVE_TRANSMIT = List.of(RECEIVE, TRANSMIT, SHARED);

    /** The parts each driver method belongs to, by {@code Class::method} (overloads share an entry). */
    private final Map<String, Set<Part>> parts;

    DriverParts(final Map<String, Set<Part>> parts) {
        this.parts = Map.copyOf(parts);
    }

    /** The parts of every driver model on the class path, from their {@code @DriverPart} declarations. */
    static DriverParts ofRegistry() {
        final Map<String, Set<Part>> parts = new HashMap<>();
        for (final CodeBase codeBase : CodeBase.fromRegistry()) {
            final DriverComplexity graph = DriverComplexity.callGraphOf(codeBase);
            for (final Part part : List.of(Part.RECEIVE, Part.TRANSMIT)) {
                for (final MethodRef m : graph.closure(part)) {
                    parts.computeIfAbsent(m.owner().replace('/', '.') + "::" + m.name(), k -> EnumSet.noneOf(Part.class))
                            .add(part);
                }
            }
        }
        return new DriverParts(parts);
    }

    /** The group of an instruction with that chain (innermost frame first), or null if the chain does not say. */
    String groupOf(final List<Frame> chain) {
        boolean driver = false;
        boolean shared = false;
        for (final Frame frame : chain) {
            final String c = frame.className();
            if (CallgrindAccount.isClock(c, frame.method())) {
                return "clock";
            }
            if (CallgrindAccount.isModel(c)) {
                return "model";
            }
            if (c.startsWith("nicharness.nf.") && !c.equals("nicharness.nf.Packet")) {
                return "NF";
            }
            if (CallgrindAccount.DRIVER_PACKAGES.stream().anyMatch(c::startsWith)) {
                driver = true;
                final Set<Part> p = parts.getOrDefault(frame.name(), Set.of());
                if (p.contains(Part.RECEIVE) && p.contains(Part.TRANSMIT)) {
                    shared = true;
                } else if (p.contains(Part.RECEIVE)) {
                    return RECEIVE;
                } else if (p.contains(Part.TRANSMIT)) {
                    return TRANSMIT;
                }
                continue;
            }
            if (c.startsWith("nicharness.testbed.") || c.startsWith("nicharness.harness.")) {
                break;
            }
        }
        if (shared) {
            return SHARED;
        }
        return driver ? LOOP : null;
    }
}
