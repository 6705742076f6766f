package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import nicharness.harness.cost.CompiledCodePrint.Frame;
import nicharness.harness.cost.CompiledCodePrint.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading HotSpot's abstract disassembly: code bytes and the inlining chains printed between them. */
class CompiledCodePrintTest {

    /** A shortened print of TinyNF's pollOnce as JDK 25 writes it (the bytes are the real ones). */
    static final String POLL_ONCE = String.join("\n",
            "============================= C2-compiled nmethod ==============================",
            "----------------------------------- Assembly -----------------------------------",
            "",
            "Compiled method (c2) 61889  520             nicharness.tinynf.TinyNfDriver::pollOnce (87 bytes)",
            " total in heap  [0x0000000014c5e608,0x0000000014c5f200] = 3064",
            " main code      [0x0000000014c5e700,0x0000000014c5f1b0] = 2736",
            "",
            "[Constant Pool (empty)]",
            "",
            "[MachCode]",
            "[Instructions begin]",
            "  0x0000000014c5e740: 4533 c94c | 8b54 2408 ",
            "",
            "  0x0000000014c5e748: ;*getfield counters {reexecute=0 rethrow=0 return_oop=0}",
            "                      ; - nicharness.tinynf.TinyNfDriver::pollOnce@42 (line 49)",
            "  0x0000000014c5e748: 458b 521c ",
            "",
            "  0x0000000014c5e74c: ; implicit exception: dispatches to 0x0000000014c5f140",
            "                      ;*putfield polls {reexecute=0 rethrow=0 return_oop=0}",
            "                      ; - nicharness.tinynf.TinyNfDriver::pollOnce@65 (line 50)",
            "  0x0000000014c5e74c: 49ff 4210 | 4d63 d94d ",
            "",
            "  0x0000000014c5e754: ;*getfield ringMask {reexecute=0 rethrow=0 return_oop=0}",
            "                      ; - nicharness.tinynf.Agent::stop@14 (line 204)",
            "                      ; - (reexecute) nicharness.tinynf.Agent::run@253 (line 184)",
            "                      ; - nicharness.tinynf.TinyNfDriver::pollOnce@30 (line 47)",
            "  0x0000000014c5e754: 015a 2045 | 85c9 0f84 ",
            "",
            "  0x0000000014c5e75c: ;   {poll_return}",
            "  0x0000000014c5e75c: a807 0000 ",
            "[Exception Handler]",
            "  0x0000000014c5e760: e9db ffff | ff",
            "[/MachCode]",
            "",
            "Compiled method (c2) 1  2   !         a.b.C::d (5 bytes)",
            "[MachCode]",
            "  0x0000000000001000: c3",
            "[/MachCode]",
            "");

    @Test
    void readsEachMethodsBytesAndTheChainsPrintedAtItsUnits() {
        final List<Method> methods = CompiledCodePrint.parse(POLL_ONCE);
        assertEquals(2, methods.size());
        final Method m = methods.get(0);
        assertEquals("nicharness.tinynf.TinyNfDriver::pollOnce", m.name());
        assertEquals(0x14c5e740L, m.start());
        assertArrayEquals(HexFormat.of().parseHex("4533c94c8b542408458b521c49ff42104d63d94d015a204585c90f84a8070000e9dbffffff"),
                m.code());
        assertEquals(3, m.scopes().size(), "the unit with only a relocation comment has no chain");
        assertEquals(0x14c5e748L, m.scopes().get(0).unit());
        assertEquals(List.of(new Frame("nicharness.tinynf.TinyNfDriver", "pollOnce", 42, 49)), m.scopes().get(0).frames());
        assertEquals(List.of(new Frame("nicharness.tinynf.Agent", "stop", 14, 204),
                new Frame("nicharness.tinynf.Agent", "run", 253, 184),
                new Frame("nicharness.tinynf.TinyNfDriver", "pollOnce", 30, 47)), m.scopes().get(2).frames(),
                "innermost first; a (reexecute) frame is a frame like the others");
        assertTrue(m.contains(0x14c5e764L));
        assertTrue(!m.contains(0x14c5e765L));
        assertEquals("a.b.C::d", methods.get(1).name());
    }

    @Test
    void aGapInTheBytesIsAnErrorNamingTheMethod() {
        final String broken = POLL_ONCE.replace("  0x0000000014c5e748: 458b 521c ", "  0x0000000014c5e74a: 458b 521c ");
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> parseOrThrow(broken));
        assertTrue(e.getMessage().contains("pollOnce") && e.getMessage().contains("0x14c5e748"), e.getMessage());
    }

    private static void parseOrThrow(final String text) {
        try {
            CompiledCodePrint.read(Files.writeString(Files.createTempFile("print", ".txt"), text));
        } catch (final IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Test
    void otherOutputAroundThePrintIsIgnored(@TempDir final Path folder) throws IOException {
        final Path file = Files.writeString(folder.resolve("out"), "callgrind-region dump=3 packets=128\n" + POLL_ONCE
                + "callgrind-region dump=4 packets=128\n");
        assertEquals(2, CompiledCodePrint.read(file).size());
    }
}
