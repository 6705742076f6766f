package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nicharness.driver.DriverPart.Part;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The real drivers, found through {@code DriverRegistry}: each declares its three parts, each
 * part exists and is non-empty, no entry point is counted in two parts, every loop declared for it
 * in {@code path-declarations.txt} still matches its code, and the whole table is
 * written (to {@code target/complexity} for inspection). Fails if no driver module is on the class
 * path.
 */
class DriversTest {

    @TestFactory
    Stream<DynamicTest> everyDriverDeclaresNonEmptyParts() {
        final List<CodeBase> codeBases = CodeBase.fromRegistry();
        assertFalse(codeBases.isEmpty(), "no driver model is registered: the driver modules must be on the test class path");
        final Path root = ComplexityReport.findRepositoryRoot(Path.of(""));
        final List<DynamicTest> tests = new ArrayList<>();
        for (final CodeBase codeBase : codeBases) {
            tests.add(DynamicTest.dynamicTest(codeBase.label() + " " + codeBase.variants(), () -> {
                final DriverComplexity driver = new DriverComplexity(codeBase, root);
                driver.checkParts();
                for (final Part part : Part.values()) {
                    assertFalse(driver.entryPoints(part).isEmpty(), codeBase.label() + " declares no " + part);
                    final PartMetrics metrics = driver.measure(part, 1);
                    assertFalse(metrics.functions().isEmpty(), codeBase.label() + " " + part + " has no function with source");
                    assertTrue(metrics.loc() > 0, codeBase.label() + " " + part + " has no line of code");
                    assertTrue(metrics.paths().signum() > 0, codeBase.label() + " " + part + " has no path");
                }
                assertEquals(List.of(), driver.unusedDeclarations(), "entries of " + PathDeclarations.RESOURCE
                        + " for " + codeBase.label() + " that match no counted loop: renamed or removed?");
            }));
        }
        tests.add(DynamicTest.dynamicTest("the whole table is written", () -> {
            final List<PartMetrics> rows = ComplexityReport.write(Path.of("target/complexity"), root);
            assertTrue(rows.size() == codeBases.size() * Part.values().length * ComplexityReport.OUTPUTS.size());
            ComplexityReport.printTable(rows, System.out);
        }));
        return tests.stream();
    }
}
