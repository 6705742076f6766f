package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nicharness.driver.DriverModel;
import nicharness.harness.plan.Catalog;
import nicharness.tinynf.MutantTinyNf;
import nicharness.tinynf.MutantTinyNfModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code forward --strict} and {@code forward --pcap}: the sanitizer and the capture from the command line. */
@Timeout(120)
class ForwardSanitizerTest {
    private static final DriverModel BAD = new MutantTinyNfModel(MutantTinyNf.Bug.UNMASKED_LENGTH);

    /** The registry's drivers and NFs, and the bad driver, known to this catalog only. */
    private static final Catalog CATALOG = new Catalog() {
        private final Catalog registry = new RegistryCatalog();

        @Override
        public List<String> drivers() {
            final List<String> names = new ArrayList<>(registry.drivers());
            names.add(BAD.name());
            return names;
        }

        @Override
        public DriverModel driver(final String name) {
            return name.equals(BAD.name()) ? BAD : registry.driver(name);
        }

        @Override
        public List<String> nfs() {
            return registry.nfs();
        }

        @Override
        public int layer(final String nf) {
            return registry.layer(nf);
        }
    };

    @TempDir
    Path folder;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome forward(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] command = new String[args.length + 1];
        command[0] = "forward";
        System.arraycopy(args, 0, command, 1, args.length);
        final int code = Main.execute(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CATALOG);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void strictStopsABadDriverAtItsFirstFaultNamesItAndExitsNonZero() {
        final Outcome o = forward("--driver", BAD.name(), "--strict", "--seconds", "10", "--directions", "1",
                "--rate", "0.1");
        assertEquals(ForwardCommand.FAULT_EXIT, o.code(), o.out() + o.err());
        for (final String text : List.of("stopped: the driver broke a rule", "RESERVED_BITS_SET", "port 1",
                "queue=0", "descriptor=", "qword1=0xffffffff", "sign-extended length", "usual cause:")) {
            assertTrue(o.out().contains(text), text + " missing from:\n" + o.out());
        }
        assertTrue(!o.out().contains("summary:"), "a faulty run stops, it does not summarise:\n" + o.out());
    }

    @Test
    void strictLetsTheRealDriverRun() {
        final Outcome o = forward("--driver", "tinynf", "--strict", "--seconds", "1", "--directions", "1", "--rate", "0.1");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("summary:"), o.out());
    }

    @Test
    void pcapOutputDecodesInTsharkWithEveryChecksumGood() throws IOException, InterruptedException {
        final Path file = folder.resolve("port1.pcap");
        final Outcome o = forward("--driver", "tinynf", "--nf", "nat", "--pcap", "1=" + file, "--seconds", "1",
                "--directions", "1", "--rate", "0.05");
        assertEquals(0, o.code(), o.out() + o.err());
        final Path errors = folder.resolve("tshark-stderr.txt");
        final Process process;
        try {
            process = new ProcessBuilder("tshark", "-n", "-r", file.toString(),
                    "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                    "-T", "fields", "-E", "separator=,", "-E", "occurrence=f",
                    "-e", "frame.time_epoch", "-e", "ip.checksum.status", "-e", "udp.checksum.status")
                    .redirectError(errors.toFile()).start();
        } catch (final IOException e) {
            throw new AssertionError("tshark could not be started, and this test needs it: install the Debian package"
                    + " tshark: " + e.getMessage(), e);
        }
        final List<String> rows = new String(process.getInputStream().readAllBytes()).lines()
                .filter(line -> !line.isBlank()).toList();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not end");
        assertEquals(0, process.exitValue(), Files.readString(errors));
        assertTrue(rows.size() > 100, "frames in the capture: " + rows.size() + "\n" + o.out());
        boolean nanoseconds = false;
        for (final String row : rows) {
            final String[] field = row.split(",", -1);
            assertEquals("1", field[1], "IPv4 header checksum good: " + row);
            assertEquals("1", field[2], "UDP checksum good: " + row);
            nanoseconds |= field[0].length() - field[0].indexOf('.') - 1 == 9 && !field[0].endsWith("000");
        }
        assertTrue(nanoseconds, "nanosecond timestamps: " + rows.get(0));
    }
}
