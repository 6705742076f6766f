package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nicharness.driver.DriverPart.Part;
import nicharness.metrics.fixture.broken.NoTransmit;
import nicharness.metrics.fixture.driver.ToyAgent;
import nicharness.metrics.fixture.overlap.Overlapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Declarations, functions, lines of code and paths per part, on the toy drivers of {@code fixture}. */
class DriverComplexityTest {

    private static final Path SOURCES = Path.of("src/test/java");

    private static DriverComplexity toy() {
        return new DriverComplexity(CodeBase.of("toy", "nicharness.metrics.fixture.driver", ToyAgent.class, List.of()),
                new SourceLines(List.of(SOURCES)), SOURCES, new PathDeclarations("toy", Map.of("ToyAgent.outputs", "O"), Map.of()));
    }

    private static DriverComplexity fixture(final String label, final String packageName, final Class<?> anchor) {
        return new DriverComplexity(CodeBase.of(label, packageName, anchor, List.of()),
                new SourceLines(List.of(SOURCES)), SOURCES, PathDeclarations.none(label));
    }

    @Test
    void eachPartListsItsEntryPointsAndWhatTheyCall() {
        final DriverComplexity toy = toy();
        toy.checkParts();
        assertEquals(List.of("new ToyAgent(int, int)", "ToyAgent.reset()", "ToySetup.open(int)"),
                names(toy.closure(Part.INIT)));
        assertEquals(List.of("ToyAgent.receive()", "ToyAgent.flush()"), names(toy.closure(Part.RECEIVE)));
        assertEquals(List.of("ToyAgent.transmit(int)", "ToyAgent.flush()"), names(toy.closure(Part.TRANSMIT)));
    }

    @Test
    void linesOfCodeSkipBlankLinesCommentsAndAnnotations() {
        final PartMetrics init = toy().measure(Part.INIT, 1);
        assertEquals(3, init.functions().size());
        assertEquals(9, init.functions().get(0).loc(), "constructor");
        assertEquals(4, init.functions().get(1).loc(), "reset: comments and a blank line");
        assertEquals(3, init.functions().get(2).loc(), "ToySetup.open");
        assertEquals(16, init.loc());
        assertEquals("nicharness/metrics/fixture/driver/ToyAgent.java", init.functions().get(0).source());

        final PartMetrics receive = toy().measure(Part.RECEIVE, 1);
        assertEquals(8 + 6, receive.loc(), "two annotations on receive are not code");
        assertEquals(7 + 6, toy().measure(Part.TRANSMIT, 1).loc());
    }

    @Test
    void pathsAndCyclomaticComplexityPerPart() {
        final DriverComplexity toy = toy();
        final PartMetrics init = toy.measure(Part.INIT, 1);
        assertEquals(2, init.paths().intValueExact(), "the constructor is counted once, inside ToySetup.open");
        assertEquals(1, init.failurePaths().intValueExact(), "the ring-size check throws");
        assertEquals(2 + 1 + 1, init.cyclomatic());

        final PartMetrics receive = toy.measure(Part.RECEIVE, 1);
        assertEquals(2, receive.paths().intValueExact());
        assertEquals(2 + 2, receive.cyclomatic());
        assertTrue(receive.notes().stream().anyMatch(n -> n.startsWith("ToyAgent.flush(): loop on n < field ToyAgent.outputs")),
                receive.notes().toString());
    }

    @Test
    void aLoopDeclarationThatMatchesNothingIsReported() {
        final DriverComplexity toy = new DriverComplexity(
                CodeBase.of("toy", "nicharness.metrics.fixture.driver", ToyAgent.class, List.of()),
                new SourceLines(List.of(SOURCES)), SOURCES,
                new PathDeclarations("toy", Map.of("ToyAgent.outputs", "O", "ToyAgent.renamed", "O"), Map.of()));
        for (final Part part : Part.values()) {
            toy.measure(part, 1);
        }
        assertEquals(List.of("ToyAgent.renamed = O"), toy.unusedDeclarations());
    }

    @ParameterizedTest(name = "O = {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aTransmitThatLoopsOverItsOutputsIsCountedInOneCall(final int outputs) {
        final PartMetrics transmit = toy().measure(Part.TRANSMIT, outputs);
        assertEquals(2, transmit.paths().intValueExact(), "the flush test; the loop over outputs has no branch");
        assertTrue(transmit.pathsRule().startsWith("all outputs in one call"), transmit.pathsRule());
    }

    @ParameterizedTest(name = "O = {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aTransmitOfOneQueuePerCallIsRaisedToThePowerO(final int outputs) {
        final DriverComplexity overlap = fixture("overlap", "nicharness.metrics.fixture.overlap", Overlapping.class);
        final PartMetrics transmit = overlap.measure(Part.TRANSMIT, outputs);
        assertEquals(1, transmit.paths().intValueExact(), "1^O");
        assertTrue(transmit.pathsRule().startsWith("one call per output queue"), transmit.pathsRule());
    }

    @Test
    void aMissingPartOrAnEntryPointWithoutCodeIsRefused() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fixture("broken", "nicharness.metrics.fixture.broken", NoTransmit.class));
        assertTrue(e.getMessage().contains("no method is declared TRANSMIT"), e.getMessage());
        assertTrue(e.getMessage().contains("NoTransmit.receiveBurst() is declared RECEIVE but has no code"), e.getMessage());
    }

    @Test
    void anEntryPointCalledFromAnotherPartIsRefused() {
        final DriverComplexity overlap = fixture("overlap", "nicharness.metrics.fixture.overlap", Overlapping.class);
        final IllegalStateException e = assertThrows(IllegalStateException.class, overlap::checkParts);
        assertTrue(e.getMessage().contains("Overlapping.transmit() is declared TRANSMIT but RECEIVE calls it"),
                e.getMessage());
    }

    private static List<String> names(final List<MethodRef> methods) {
        return methods.stream().map(MethodRef::displayName).toList();
    }
}
