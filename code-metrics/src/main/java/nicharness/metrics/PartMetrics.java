package nicharness.metrics;

import java.math.BigInteger;
import java.util.List;
import nicharness.driver.DriverPart.Part;

/**
 * One cell group of Table 2: a driver's part measured for a number of outputs.
 *
 * @param driver      the driver's label ({@code tinynf}, {@code dpdk}, {@code ixy})
 * @param variants    the registry names sharing the driver's code ({@code dpdk dpdk-batched})
 * @param part        init, receive or transmit
 * @param outputs     O, the number of outputs the paths are counted for
 * @param entryPoints the methods declared for the part
 * @param functions   every function the part consists of: its entry points and the driver
 *                    methods they call, with a source declaration, in call order
 * @param loc         lines of code of those functions
 * @param cyclomatic  the sum of their cyclomatic complexities
 * @param paths       paths through the part for one packet (all, failure ones included), a
 *                    conditional expression that only selects a value counting as data
 * @param failurePaths the paths that end in an exception
 * @param pathsWithSelects the paths when every bytecode branch, selections included, is a decision
 * @param pathsRule   how O entered the path count
 * @param notes       how each loop and unusual call was treated, one line each
 * @param allocationSteps the allocation steps the part's functions call ({@code @AllocationStep}
 *                    classes), each measured on its own with what it calls: not in the part's
 *                    functions, lines and paths, where each call is one statement
 */
public record PartMetrics(String driver, List<String> variants, Part part, int outputs, List<MethodRef> entryPoints,
                          List<FunctionMetrics> functions, int loc, int cyclomatic, BigInteger paths,
                          BigInteger failurePaths, BigInteger pathsWithSelects, String pathsRule,
                          List<String> notes, List<FunctionMetrics> allocationSteps) {

    public PartMetrics {
        allocationSteps = List.copyOf(allocationSteps);
        variants = List.copyOf(variants);
        entryPoints = List.copyOf(entryPoints);
        functions = List.copyOf(functions);
        notes = List.copyOf(notes);
    }

    /**
     * One function of a part.
     *
     * @param method     the method
     * @param source     its source file, relative to the repository root
     * @param line       its first line of code
     * @param loc        its lines of code
     * @param cyclomatic its cyclomatic complexity
     * @param paths      the paths through it, the driver methods it calls included
     */
    public record FunctionMetrics(MethodRef method, String source, int line, int loc, int cyclomatic,
                                  BigInteger paths) {
    }
}
