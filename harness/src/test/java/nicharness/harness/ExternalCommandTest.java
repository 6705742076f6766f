package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code external} command end to end, with the C test driver c-shim builds ({@code tn_forward},
 * a TinyNF-style forwarder written against TinyNF's environment functions): the shim brings both
 * ports of the model up from the driver's process, the tester's frames come back both ways with
 * the books balanced and no strict-mode fault; the driver's seeded bug (receive descriptors handed
 * to the card before their buffer addresses are written) is reported by strict mode; a driver that
 * dies is reported with its output.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExternalCommandTest {

    /** Built by c-shim's make step, which the reactor runs before this module (harness depends on c-shim). */
    static final Path TEST_DRIVER = Path.of("..", "c-shim", "target", "tn_forward").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome external(final String driverArguments, final String... options) {
        assertTrue(Files.isExecutable(TEST_DRIVER), "the C test driver is missing at " + TEST_DRIVER
                + "; build from the project root (mvn test), which runs c-shim's make first");
        final String[] args = new String[6 + options.length];
        args[0] = "external";
        args[1] = "--driver-cmd";
        args[2] = TEST_DRIVER + " " + driverArguments;
        args[3] = "--model-file";
        args[4] = folder.resolve("nic.model").toString();
        args[5] = "--strict";
        System.arraycopy(options, 0, args, 6, options.length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), MainTest.ALL);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTestDriverForwardsBothWaysThroughTheShimWithTheBooksBalancedAndNoFault() {
        // No ready text: readiness is judged by the card (receive on, queues enabled on both ports).
        final Outcome o = external("00:00.0 00:00.1", "--rate", "0.001", "--seconds", "0.3");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("driver| tn_forward: ready"), o.out());
        for (int d = 0; d < 2; d++) {
            final Matcher m = Pattern.compile("direction " + d + " \\(port " + d + " to port " + (1 - d)
                    + "\\): offered (\\d+), returned (\\d+)").matcher(o.out());
            assertTrue(m.find(), o.out());
            // 0.001 Gb/s of 84-byte wire frames for 0.3 s: about 446 frames each way.
            assertTrue(Long.parseLong(m.group(1)) > 400, o.out());
            assertEquals(m.group(1), m.group(2), "every frame offered came back: " + o.out());
        }
        assertTrue(o.out().contains("lost 0 (loss 0.00000), counted by the cards 0: the books balance"), o.out());
        assertTrue(o.out().contains("strict mode: no fault"), o.out());
        assertFalse(Files.exists(folder.resolve("nic.model")), "the model file is deleted at the end");
    }

    @Test
    void strictModeReportsTheSeededBugADescriptorWrittenAfterItsDoorbell() {
        final Outcome o = external("--bug descriptor-after-doorbell 00:00.0 00:00.1", "--ready-text", "tn_forward: ready",
                "--rate", "0.001", "--seconds", "0.2");
        assertEquals(Main.RUN_ERROR, o.code(), o.out() + o.err());
        assertTrue(o.err().startsWith("error: strict mode: the software 82599 recorded"), o.err());
        assertTrue(o.err().contains("DESCRIPTOR_CHANGED_WHILE_OWNED on port 0"), o.err());
        // The first frame into descriptor 0 finds the buffer address written after RDT handed it over.
        assertTrue(o.err().contains("engine=receive queue=0 descriptor=0 qword0=0x100000000 (was 0x0)"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void aDriverThatExitsBeforeItIsReadyIsReportedWithItsOutput() {
        final Outcome o = external("00:00.0 00:00.7", "--ready-seconds", "10");
        assertEquals(Main.RUN_ERROR, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("the driver exited with status 1 before it was ready"), o.err());
        // The shim says which addresses exist; the driver's own check then fails on the empty slot.
        assertTrue(o.err().contains("nicshim: no port at PCI address 00:00.7"), o.err());
        assertTrue(o.err().contains("tn_forward: the PCI device is not an 82599ES (8086:10FB)"), o.err());
    }
}
