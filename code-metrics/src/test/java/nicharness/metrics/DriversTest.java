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
 * part exists and is non-empty, init includes the shared device bring-up and the data path does
 * not, no entry point is counted in two parts, every loop declared for it
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
        tests.add(DynamicTest.dynamicTest("init counts the shared bring-up it runs, receive and transmit do not", () -> {
            for (final CodeBase codeBase : codeBases) {
                final DriverComplexity driver = new DriverComplexity(codeBase, root);
                assertTrue(driver.closure(Part.INIT).stream().anyMatch(m -> m.owner().equals("nicharness/ixgbe/DeviceBringUp")
                                && m.name().equals("run")),
                        codeBase.label() + "'s init does not reach DeviceBringUp.run: " + driver.closure(Part.INIT));
                assertTrue(driver.measure(Part.INIT, 1).functions().stream()
                                .anyMatch(f -> f.source().startsWith("ixgbe/src/main/java/nicharness/ixgbe/RegisterWait.java")),
                        codeBase.label() + "'s init functions leave out the bring-up's register waits");
                for (final Part part : List.of(Part.RECEIVE, Part.TRANSMIT)) {
                    assertEquals(List.of(), driver.closure(part).stream().filter(m -> m.owner().startsWith("nicharness/ixgbe/"))
                            .toList(), codeBase.label() + " " + part + " follows calls into the ixgbe module");
                }
            }
        }));
        tests.add(DynamicTest.dynamicTest("the whole table is written", () -> {
            final List<PartMetrics> rows = ComplexityReport.write(Path.of("target/complexity"), root);
            assertTrue(rows.size() == codeBases.size() * Part.values().length * ComplexityReport.OUTPUTS.size());
            ComplexityReport.printTable(rows, System.out);
        }));
        return tests.stream();
    }
}
