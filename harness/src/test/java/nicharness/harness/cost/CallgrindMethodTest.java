package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the callgrind method that need no valgrind: report lines, dump files, the fit, the markers. */
class CallgrindMethodTest {

    @Test
    void regionReportsRoundTripAndOtherLinesAreIgnored() {
        final RegionReport report = new RegionReport(3, 100_000, 12);
        assertEquals("callgrind-region dump=3 packets=100000 emptyPolls=12", report.line());
        assertEquals(Optional.of(report), RegionReport.parse(report.line()));
        assertEquals(Optional.empty(), RegionReport.parse("warming up"));
        assertEquals(Optional.empty(), RegionReport.parse("callgrind-region dump=x packets=1 emptyPolls=0"));
        assertThrows(IllegalArgumentException.class, () -> new RegionReport(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RegionReport(1, -1, 0));
    }

    @Test
    void dumpsAreReadFromTheirHeaderAndName(@TempDir final Path dir) throws IOException {
        final Path region = dir.resolve("callgrind.out.4242.3-07");
        Files.writeString(region, """
                # callgrind format
                version: 1
                creator: callgrind-3.19.0
                pid: 4242
                cmd:  java Workload
                part: 3

                desc: I1 cache:\s
                desc: Timerange: Basic block 1 - 2
                desc: Trigger: --dump-before=getsid

                positions: instr
                events: Ir
                summary: 15509836

                ob=(1) /lib/libc.so.6
                fl=(1) ???
                fn=(1) getsid
                0x0 4
                totals: 15509840
                """.replace("part: 3\n", "part: 3\nthread: 7\n"));
        assertTrue(CallgrindDump.isRegionDump(region));
        assertFalse(CallgrindDump.isRegionDump(dir.resolve("callgrind.out.4242-07")), "a final dump at exit");
        assertFalse(CallgrindDump.isRegionDump(dir.resolve("valgrind.log")));
        final CallgrindDump dump = CallgrindDump.read(region);
        assertEquals(3, dump.dump());
        assertEquals(7, dump.thread());
        assertEquals(15_509_836L, dump.instructions(), "the summary line, not the checksum 'totals' line");

        final Path twoEvents = dir.resolve("callgrind.out.1.1-02");
        Files.writeString(twoEvents, "thread: 2\nevents: Dr Ir\nsummary: 5 77\n");
        assertEquals(77, CallgrindDump.read(twoEvents).instructions());
        final Path noIr = dir.resolve("callgrind.out.1.2-02");
        Files.writeString(noIr, "thread: 2\nevents: Dr\nsummary: 5\n");
        assertTrue(assertThrows(IOException.class, () -> CallgrindDump.read(noIr)).getMessage().contains("Ir"));
        final Path truncated = dir.resolve("callgrind.out.1.3-02");
        Files.writeString(truncated, "thread: 2\n");
        assertThrows(IOException.class, () -> CallgrindDump.read(truncated));
    }

    @Test
    void theFitRecoversPerPacketAndPerEmptyPollCosts() {
        // Ir = 9853 + 35 * packets + 120 * emptyPolls, exactly
        final List<RegionCount> regions = List.of(
                region(1, 100_000, 7), region(2, 200_000, 3), region(3, 0, 50_000), region(4, 150_000, 1_000));
        final InstructionsPerPacket fit = InstructionsPerPacket.fit(regions);
        assertEquals(35.0, fit.perPacket(), 1e-6);
        assertEquals(120.0, fit.perEmptyPoll(), 1e-6);
        assertEquals(9853.0, fit.fixed(), 1e-3);
        assertTrue(fit.maxResidual() < 1e-9, fit::toString);
    }

    @Test
    void withoutEmptyPollsTheFitIsTheSlope() {
        final InstructionsPerPacket fit = InstructionsPerPacket.fit(List.of(region(1, 1_000_000, 0), region(2, 2_000_000, 0)));
        assertEquals(35.0, fit.perPacket(), 1e-9);
        assertTrue(Double.isNaN(fit.perEmptyPoll()));
    }

    @Test
    void aRegionWithAOneTimeEventDoesNotMoveTheResult() {
        // five identical rounds of 128 packets, one of which also ran a deoptimisation; four empty regions
        final List<RegionCount> regions = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            regions.add(region(regions.size() + 1, 0, 0));
        }
        for (int i = 0; i < 5; i++) {
            regions.add(region(regions.size() + 1, 128, 0));
        }
        final RegionCount clean = regions.get(5);
        regions.set(5, new RegionCount(clean.dump(), 128, 0, clean.instructions() + 29_637));
        final InstructionsPerPacket fit = InstructionsPerPacket.fit(regions);
        assertEquals(35.0, fit.perPacket(), 1e-9);
        assertEquals(9853.0, fit.fixed(), 1e-9);
    }

    @Test
    void underdeterminedRegionsAreRefusedWithTheReason() {
        final IllegalArgumentException onePacketCount = assertThrows(IllegalArgumentException.class,
                () -> InstructionsPerPacket.fit(List.of(region(1, 1000, 0), region(2, 1000, 5))));
        assertTrue(onePacketCount.getMessage().contains("two different packet counts"), onePacketCount.getMessage());
        // empty polls proportional to packets: their cost cannot be told apart from the packets'
        final IllegalArgumentException collinear = assertThrows(IllegalArgumentException.class,
                () -> InstructionsPerPacket.fit(List.of(region(1, 1000, 10), region(2, 2000, 20), region(3, 3000, 30))));
        assertTrue(collinear.getMessage().contains("calibration region with no traffic"), collinear.getMessage());
    }

    @Test
    void theMarkersAreHarmlessWithoutValgrindAndNumberTheDumps() {
        final int before = RegionMarkers.dumps();
        RegionMarkers.warmUp();
        RegionMarkers.begin();
        assertEquals(before + 3, RegionMarkers.end());
        assertEquals(before + 3, RegionMarkers.dumps());
    }

    private static RegionCount region(final int dump, final long packets, final long emptyPolls) {
        return new RegionCount(dump, packets, emptyPolls, 9853 + 35 * packets + 120 * emptyPolls);
    }
}
