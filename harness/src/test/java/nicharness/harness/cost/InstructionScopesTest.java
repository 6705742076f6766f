package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import nicharness.harness.cost.CompiledCodePrint.Frame;
import nicharness.harness.cost.CompiledCodePrint.Method;
import nicharness.harness.cost.CompiledCodePrint.Scope;
import org.junit.jupiter.api.Test;

/** Each instruction's inlining chain from the scopes printed at 4-byte units. */
class InstructionScopesTest {

    private static final List<Frame> A = List.of(new Frame("x.A", "a", 1, 10));
    private static final List<Frame> B = List.of(new Frame("x.B", "b", 2, 20), new Frame("x.A", "a", 3, 11));

    @Test
    void aScopeDescribesTheInstructionEndingInItsUnitAndMovesTakeTheNextChain() {
        // instructions at 0x100 (3 bytes), 0x103 (1), 0x104 (4), 0x108 (2), 0x10a (2); code ends at 0x10c
        final Method m = new Method("x.A::a", 0x100, new byte[12], List.of(new Scope(0x100, A), new Scope(0x108, B)));
        final NavigableMap<Long, List<Frame>> chains = InstructionScopes.chains(m,
                new long[] {0x100, 0x103, 0x104, 0x108, 0x10a});
        assertEquals(A, chains.get(0x100L), "ends at 0x103, in (0x100, 0x104]");
        assertEquals(B, chains.get(0x103L), "no scope of its own: the next instruction's");
        assertEquals(B, chains.get(0x104L));
        assertEquals(B, chains.get(0x108L), "ends at 0x10a, in (0x108, 0x10c]");
        assertEquals(B, chains.get(0x10aL), "nothing after it: the last chain before it");
    }

    @Test
    void twoInstructionsEndingInOneUnitGiveTheScopeToTheFirst() {
        // 0x100 (1 byte) and 0x101 (2 bytes) both end in (0x100, 0x104]; 0x103 ends at 0x108
        final Method m = new Method("x.A::a", 0x100, new byte[8], List.of(new Scope(0x100, A), new Scope(0x104, B)));
        final NavigableMap<Long, List<Frame>> chains = InstructionScopes.chains(m, new long[] {0x100, 0x101, 0x103});
        assertEquals(A, chains.get(0x100L));
        assertEquals(B, chains.get(0x101L));
        assertEquals(B, chains.get(0x103L));
    }

    @Test
    void objdumpFindsTheInstructionsEvenOnesLongerThanALine() throws IOException {
        // nop; movabs $0x1122334455667788,%rax (10 bytes, which objdump wraps without --wide); ret
        final byte[] code = HexFormat.of().parseHex("9048b88877665544332211c3");
        assertArrayEquals(new long[] {0x7000, 0x7001, 0x700b}, InstructionScopes.instructionStarts(0x7000, code));
    }

    @Test
    void chainAtLooksUpThePrintedMethodHoldingTheAddress() throws IOException {
        final List<Method> printed = CompiledCodePrint.parse(CompiledCodePrintTest.POLL_ONCE);
        final InstructionScopes scopes = InstructionScopes.of(printed);
        // 0x14c5e753: add %r11,0x20(%r10), which ends at 0x14c5e757 in the unit 0x14c5e754 (Agent::stop's chain)
        assertEquals("nicharness.tinynf.Agent::stop", scopes.chainAt(0x14c5e753L).get(0).name());
        // 0x14c5e74c: incq 0x10(%r10), which ends at 0x14c5e750 in the unit 0x14c5e74c (pollOnce@65)
        assertEquals(65, scopes.chainAt(0x14c5e74cL).get(0).bci());
        assertEquals(List.of(), scopes.chainAt(0x14c5e800L), "in no printed method");
    }
}
