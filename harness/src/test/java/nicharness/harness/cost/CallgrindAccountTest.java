package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-function account: callgrind's instruction-level dumps named through the JVM's code map. */
class CallgrindAccountTest {

    private static final String RECEIVE = "boolean nicharness.tinynf.Agent.receive(nicharness.nf.Packet)";
    private static final String SERVE = "int nicharness.tinynf.TinyNfDriver.pollOnce()";

    @TempDir
    Path folder;

    /** Two compiled methods at 0x1000 (0x100 bytes) and 0x2000 (0x40 bytes). */
    private Path perfMap() throws IOException {
        return Files.writeString(folder.resolve("perf-1.map"), "1000 100 " + SERVE + "\n2000 40 " + RECEIVE + "\n"
                + "3000 10 Interpreter\n");
    }

    /**
     * A dump with positions: instr. In serve's function, 0x1004 costs 3, +2 (0x1006) costs 4 and *
     * (0x1006 again) 1; a call follows whose line (inclusive cost 500) is not self cost; then 0x2010
     * costs 5 (receive's code, although callgrind put it under serve's function) and 0x9000 costs 7
     * (in no map entry: native code, named by callgrind).
     */
    private Path dump(final String name, final long scale) throws IOException {
        return Files.writeString(folder.resolve(name), String.join("\n",
                "# callgrind format", "version: 1", "positions: instr", "events: Ir", "summary: 1",
                "ob=(1) ???", "fn=(1) 0x0000000000001000",
                "0x1004 " + 3 * scale, "+2 " + 4 * scale, "* " + 1 * scale,
                "cfn=(2) getsid", "calls=1 0x9000", "+10 500",
                "0x2010 " + 5 * scale,
                "fn=(2)", "0x9000 " + 7 * scale, ""));
    }

    @Test
    void selfCostsNameEachInstructionByTheCodeMapAndLeaveCallCostsOut() throws IOException {
        final NavigableMap<Long, CallgrindAccount.Symbol> symbols = CallgrindAccount.readPerfMap(perfMap());
        final Map<String, Long> costs = CallgrindAccount.selfCosts(dump("d", 1), symbols, CallgrindAccount.BY_FUNCTION);
        assertEquals(Map.of("driver loop\t" + SERVE, 8L, "driver receive\t" + RECEIVE, 5L, "JVM\tgetsid", 7L), costs);
    }

    @Test
    void anAttributionSplitsOneCompiledMethodIntoGroups() throws IOException {
        final Path map = perfMap();
        final List<RegionCount> regions = List.of(new RegionCount(1, 0, 0, 0), new RegionCount(2, 4, 0, 0));
        final Map<Integer, Path> dumps = Map.of(1, dump("e", 1), 2, dump("m", 9));
        // in serve's code, 0x1004 is the NF's and 0x1006 transmit's; the rest by function
        final CallgrindAccount.Attribution byAddress = (address, function) -> address == 0x1004 ? "NF"
                : address == 0x1006 ? "driver transmit" : CallgrindAccount.BY_FUNCTION.groupOf(address, function);
        final List<CallgrindAccount.Line> lines = CallgrindAccount.account(regions, dumps, map, byAddress);
        assertEquals(java.util.Set.of(new CallgrindAccount.Line("JVM", "getsid", 14.0),
                new CallgrindAccount.Line("driver transmit", SERVE, 10.0),
                new CallgrindAccount.Line("driver receive", RECEIVE, 10.0),
                new CallgrindAccount.Line("NF", SERVE, 6.0)), java.util.Set.copyOf(lines));
        assertEquals(16.0, CallgrindAccount.byGroup(lines).get("NF") + CallgrindAccount.byGroup(lines).get("driver transmit"),
                "serve's 8 per region split 3 + 5, nothing lost");
    }

    @Test
    void accountIsMeasuredMinusEmptyPerPacket() throws IOException {
        final Path map = perfMap();
        final List<RegionCount> regions = List.of(new RegionCount(1, 0, 0, 0), new RegionCount(2, 0, 0, 0),
                new RegionCount(3, 4, 0, 0), new RegionCount(4, 4, 0, 0));
        // the empty regions cost 1x, the measured ones 9x: 8x per region, over 4 packets
        final Map<Integer, Path> dumps = Map.of(1, dump("e1", 1), 2, dump("e2", 1), 3, dump("m1", 9), 4,
                dump("m2", 9));
        final List<CallgrindAccount.Line> lines = CallgrindAccount.account(regions, dumps, map);
        assertEquals(List.of(new CallgrindAccount.Line("driver loop", SERVE, 16.0),
                new CallgrindAccount.Line("JVM", "getsid", 14.0),
                new CallgrindAccount.Line("driver receive", RECEIVE, 10.0)), lines);
        final Map<String, Double> groups = CallgrindAccount.byGroup(lines);
        assertEquals(16.0, groups.get("driver loop"));
        assertEquals(0.0, groups.get("model"));
    }

    @Test
    void accountNeedsEmptyRegionsForTheMarkersCost() throws IOException {
        final Path map = perfMap();
        final IOException e = assertThrows(IOException.class, () -> CallgrindAccount.account(
                List.of(new RegionCount(1, 4, 0, 0)), Map.of(1, dump("m", 1)), map));
        assertTrue(e.getMessage().contains("empty regions"), e.getMessage());
    }

    @Test
    void dumpWithoutInstructionAddressesIsRefusedWithTheOptionToAdd() throws IOException {
        final Path map = perfMap();
        final Path lineDump = Files.writeString(folder.resolve("lines"), "positions: line\nevents: Ir\nfn=(1) x\n0 5\n");
        final IOException e = assertThrows(IOException.class,
                () -> CallgrindAccount.selfCosts(lineDump, CallgrindAccount.readPerfMap(map), CallgrindAccount.BY_FUNCTION));
        assertTrue(e.getMessage().contains("--dump-instr=yes"), e.getMessage());
    }

    @Test
    void theProcessOfAFailedRunIsFoundByItsFinalDump() throws IOException {
        assertEquals(java.util.Optional.empty(), CallgrindAccount.pidOfAnyDump(folder));
        Files.writeString(folder.resolve("callgrind.out.4242-01"), "");
        assertEquals(java.util.Optional.of(4242L), CallgrindAccount.pidOfAnyDump(folder));
    }

    @Test
    void groupsFollowThePackagesAndTheDriverPartAnnotations() {
        assertEquals("driver receive", CallgrindAccount.group(RECEIVE));
        assertEquals("driver transmit", CallgrindAccount.group("void nicharness.tinynf.Agent.transmit(int, int)"));
        assertEquals("driver loop", CallgrindAccount.group(SERVE));
        assertEquals("driver loop", CallgrindAccount.group("void nicharness.tinynf.Agent.flush()"));
        assertEquals("model", CallgrindAccount.group("void nicharness.model.ModelRegisters.write(int, int)"));
        assertEquals("loop", CallgrindAccount.group("int nicharness.testbed.DriverRig.round()"));
        assertEquals("model", CallgrindAccount.group("void nicharness.testbed.PostedWrites$1.write(int, int)"));
        assertEquals("model", CallgrindAccount.group("void nicharness.testbed.PostedWrites.deliver()"));
        assertEquals("clock", CallgrindAccount.group("long java.lang.System.nanoTime()"));
        assertEquals("NF", CallgrindAccount.group("int nicharness.nf.Packet.length()"));
        assertEquals("JDK", CallgrindAccount.group("int java.lang.invoke.VarHandleGuards.guard_LJ_I("
                + "java.lang.invoke.VarHandle, java.lang.Object, long, java.lang.invoke.VarHandle$AccessDescriptor)"));
        assertEquals("JVM", CallgrindAccount.group("Interpreter"));
        assertEquals("JVM", CallgrindAccount.group("InstanceKlass::find_method_index(Array<Method*> const*)"));
    }
}
