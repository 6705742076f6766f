package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.MethodModel;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import nicharness.driver.Parameter;
import nicharness.metrics.fixture.paths.PathShapes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Path counts and cyclomatic complexity on {@link PathShapes}, whose answers are known by hand. */
class PathCounterTest {

    private static final String OWNER = "nicharness/metrics/fixture/paths/PathShapes";

    private static final CodeBase FIXTURES = CodeBase.of("fixture", "nicharness.metrics.fixture.paths",
            PathShapes.class, List.of(
                    new Parameter("tx-rs-thresh", "32", "transmit descriptors freed at once"),
                    new Parameter("burst", "32", "packets per call")));

    /** The fixture's declarations, as {@code path-declarations.txt} would declare them for a driver. */
    private static final PathDeclarations BINDINGS = PathDeclarations.parse("fixture", List.of(
            "# the format of path-declarations.txt",
            "fixture PathShapes.outputs        = O",
            "fixture PathShapes.tails          = O",
            "fixture PathShapes.txRsThresh     = tx-rs-thresh",
            "fixture PathShapes.reclaim.i      = tx-rs-thresh",
            "other   PathShapes.straight.i     = 7",
            "fixture PathShapes.burstOf        assume n <= 32",
            "fixture PathShapes.multiSegment   assume PathShapes.endOfPacket(status)",
            "fixture PathShapes.flagged        assume !done"));

    private static PathCounter counter(final int outputs) {
        return new PathCounter(new ClassPool(FIXTURES), new TripCounts(FIXTURES.parameters(), BINDINGS, outputs), true);
    }

    private static PathCounter strictCounter(final int outputs) {
        return new PathCounter(new ClassPool(FIXTURES), new TripCounts(FIXTURES.parameters(), BINDINGS, outputs), false);
    }

    private static MethodRef method(final String owner, final String name) {
        final ClassPool pool = new ClassPool(FIXTURES);
        final List<MethodModel> matches = pool.model(owner).orElseThrow().methods().stream()
                .filter(m -> m.methodName().equalsString(name)).toList();
        assertEquals(1, matches.size(), "fixture method names are unique: " + name);
        return ClassPool.refOf(pool.model(owner).orElseThrow(), matches.getFirst());
    }

    private static PathCount count(final String name, final int outputs) {
        return counter(outputs).count(method(OWNER, name));
    }

    private static long paths(final String name) {
        return count(name, 1).total().longValueExact();
    }

    @Nested
    class Branches {
        @Test
        void straightLineCodeHasOnePath() {
            assertEquals(1, paths("straight"));
        }

        @ParameterizedTest(name = "{0}: {1} paths")
        @CsvSource({"threeBranches, 8", "fiveBranches, 32", "elseIf, 3", "and, 3"})
        void independentBranchesMultiplyNestedOnesAdd(final String name, final long expected) {
            assertEquals(expected, paths(name));
        }

        @Test
        void anAssertIsOffInProduction() {
            assertEquals(1, paths("asserted"));
        }

        @Test
        void debugChecksAreOffInProduction() {
            assertEquals(1, paths("debugChecked"), "a debug field");
            assertEquals(2, paths("debugLocal"), "a marked static switch; the other if counts");
            assertEquals(2, paths("debugByNameOnly"), "a name is not a declaration: the branch counts");
        }
    }

    @Nested
    class Loops {
        @ParameterizedTest(name = "{0}: {1} paths")
        @CsvSource({
            "halve, 2",        // not counted, straight body: skip it or run it once
            "bits, 3",         // not counted, an if in the body: 1 + 2
            "constantFor, 8",  // 3 iterations of an if: 2^3
            "firstZero, 5",    // break after iteration 1..4, or complete
            "countDown, 8",    // i = 3; i > 0; i--: 3 iterations
            "nested, 16",      // (2^2)^2
            "tooLong, 3",      // 10,000 iterations: not unrolled, at most once
            "receiveBurst, 2", // bounded by parameter 'burst': batch 1
            "receiveUpTo, 2",  // bounded by a method parameter: one packet
            "cleanUp, 4"       // ixy's clean-up shape: (1 + 1) * 2
        })
        void loopsFollowTheOnePacketConvention(final String name, final long expected) {
            assertEquals(expected, paths(name));
        }

        @Test
        void aDeclaredBoundOrLoopRunsTheParametersDefault() {
            assertEquals(BigInteger.TWO.pow(32), count("freeChunk", 1).total(), "field txRsThresh = tx-rs-thresh");
            assertEquals(BigInteger.TWO.pow(32), count("reclaim", 1).total(), "loop reclaim.i = tx-rs-thresh");
        }

        @Test
        void anUndeclaredFieldBoundIsOnePacket() {
            final PathCounter counter = new PathCounter(new ClassPool(FIXTURES),
                    new TripCounts(FIXTURES.parameters(), PathDeclarations.none("fixture"), 3), true);
            assertEquals(2, counter.count(method(OWNER, "overOutputs")).total().intValueExact());
        }

        @ParameterizedTest(name = "O = {0}")
        @ValueSource(ints = {1, 2, 3, 4})
        void loopsOverTheOutputsUnrollOTimes(final int outputs) {
            final PathCounter counter = counter(outputs);
            final MethodRef overOutputs = method(OWNER, "overOutputs");
            assertEquals(1L << outputs, counter.count(overOutputs).total().longValueExact());
            assertTrue(counter.handlesOutputs(overOutputs));
            assertEquals(1L << outputs, counter.count(method(OWNER, "overOutputsLocal")).total().longValueExact(),
                    "a bound copied to a local first is still the outputs");
        }

        @ParameterizedTest(name = "O = {0}: 2 + 2^O")
        @ValueSource(ints = {1, 2, 3, 4})
        void tinyNfTransmitGivesThePapersTwoPlusTwoToTheO(final int outputs) {
            assertEquals(2 + (1L << outputs), count("tinyTransmit", outputs).total().longValueExact());
        }

        @ParameterizedTest(name = "O = {0}: 2^(O+3) with every branch a decision")
        @ValueSource(ints = {1, 2, 3, 4})
        void selectionsAreDataUnlessEveryBranchCounts(final int outputs) {
            assertEquals(4, count("javaTransmit", outputs).total().intValueExact(),
                    "outputs[n] ? length : 0 and the RS comparison select values; Math.max is a leaf");
            assertEquals(1L << (outputs + 3),
                    strictCounter(outputs).count(method(OWNER, "javaTransmit")).total().longValueExact(),
                    "2 for the boolean, 2^O for the ternary in the loop, then x2 flush, x2 recycle");
        }

        @Test
        void everyLoopTreatmentIsExplained() {
            final PathCounter counter = counter(3);
            final MethodRef method = method(OWNER, "overOutputsLocal");
            counter.count(method);
            final List<String> notes = counter.notes(method);
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.getFirst().contains("length of field PathShapes.tails"), notes.getFirst());
            assertTrue(notes.getFirst().contains("declared PathShapes.tails = O, unrolled O=3 times"), notes.getFirst());
        }
    }

    @Nested
    class Assumptions {
        @ParameterizedTest(name = "{0}: {1} paths, {2} without the assumption")
        @CsvSource({
            "burstOf, 2, 4",      // n <= 32 (the fall-through of if_icmpgt) always: the else part is gone
            "multiSegment, 2, 3", // a static boolean call assumed true
            "flagged, 1, 2"       // a boolean local assumed false
        })
        void anAssumedConditionLeavesOneOutcome(final String name, final long withAssumption, final long without) {
            assertEquals(withAssumption, paths(name));
            final PathCounter plain = new PathCounter(new ClassPool(FIXTURES),
                    new TripCounts(FIXTURES.parameters(), PathDeclarations.none("fixture"), 1), true);
            assertEquals(without, plain.count(method(OWNER, name)).total().longValueExact());
        }

        @Test
        void everyDeclarationThatMatchedIsUsedAndTheOthersAreReported() {
            final PathDeclarations declarations = PathDeclarations.parse("fixture", List.of(
                    "fixture PathShapes.burstOf assume n <= 32",
                    "fixture PathShapes.burstOf assume n <= 33",
                    "fixture PathShapes.nothing = 4"));
            new PathCounter(new ClassPool(FIXTURES), new TripCounts(FIXTURES.parameters(), declarations, 1), true)
                    .count(method(OWNER, "burstOf"));
            assertEquals(List.of("PathShapes.nothing = 4", "PathShapes.burstOf assume n <= 33"), declarations.unused());
        }

        @Test
        void aMalformedDeclarationIsRefusedWithItsLine() {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PathDeclarations.parse("fixture", List.of("", "fixture PathShapes.x maybe 3")));
            assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        }
    }

    @Nested
    class Calls {
        @ParameterizedTest(name = "{0}: {1} paths")
        @CsvSource({"callTwice, 64", "callOnBranch, 4", "leaf, 1", "factorial, 2", "pooled, 3"})
        void driverCallsComposeLeavesCountOnce(final String name, final long expected) {
            assertEquals(expected, paths(name));
        }

        @Test
        void aBooleanResultTestedAtOnceSendsEachPathToItsSide() {
            final PathCount prefree = count("prefree", 1);
            assertEquals(List.of(3L, 1L, 1L), List.of(prefree.normal().longValueExact(),
                    prefree.returnsTrue().longValueExact(), prefree.returnsFalse().longValueExact()));
            assertEquals(4, paths("reclaimOne"));
        }

        @Test
        void aCallWithNoLoopOverOutputsDoesNotHandleThem() {
            final PathCounter counter = counter(2);
            final MethodRef method = method(OWNER, "callTwice");
            counter.count(method);
            assertFalse(counter.handlesOutputs(method));
        }
    }

    @Nested
    class Switches {
        @ParameterizedTest(name = "{0}: {1} paths")
        @CsvSource({"tableSwitch, 4", "sharedCases, 3"})
        void aSwitchHasOnePathPerDistinctTarget(final String name, final long expected) {
            assertEquals(expected, paths(name));
        }
    }

    @Nested
    class Exceptions {
        @ParameterizedTest(name = "{0}: {1} normal, {2} failure")
        @CsvSource({"checked, 1, 1", "caught, 2, 0", "notCaught, 1, 1", "withFinally, 1, 1", "pause, 2, 0"})
        void throwsAreFailurePathsUnlessCaught(final String name, final long normal, final long failure) {
            final PathCount count = count(name, 1);
            assertEquals(normal, count.normal().longValueExact(), "normal paths");
            assertEquals(failure, count.failure().longValueExact(), "failure paths");
        }
    }

    @Nested
    class Cyclomatic {
        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({"straight, 1", "threeBranches, 4", "and, 3", "constantFor, 3", "tableSwitch, 4",
            "sharedCases, 3", "caught, 2", "asserted, 1", "debugChecked, 1"})
        void isOnePlusTheDecisions(final String name, final int expected) {
            final MethodRef method = method(OWNER, name);
            assertEquals(expected, counter(1).graph(method).cyclomatic());
        }
    }
}
