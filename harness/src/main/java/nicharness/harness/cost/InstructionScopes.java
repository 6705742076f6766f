package nicharness.harness.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nicharness.harness.cost.CompiledCodePrint.Frame;
import nicharness.harness.cost.CompiledCodePrint.Method;
import nicharness.harness.cost.CompiledCodePrint.Scope;

/**
 * The inlining chain of each instruction of the printed compiled methods: which source method
 * (and which callers) an instruction of C2's code was compiled from, so that the instructions of
 * one compiled method, a driver's loop with its receive, transmit and NF inlined, can be counted
 * by what they do.
 *
 * <p>How an instruction gets its chain. The instruction boundaries come from {@code objdump} (GNU
 * binutils) run on the printed bytes. A printed scope at unit {@code u} belongs to the first
 * instruction that ends in (u, u + 4] ({@link CompiledCodePrint}); if two instructions end in that
 * unit, the print shows one scope and the other instruction has none of its own. An instruction
 * without a scope of its own (register moves and spills, which C2 emits without debug information,
 * or the second instruction of such a unit) takes the chain of the next instruction that has one:
 * a move belongs to the work it feeds. So the chains are exact for most instructions, and off by
 * an instruction where a group's code borders another's.
 */
final class InstructionScopes {

    /** A printed method and its instructions' chains, by instruction address. */
    private record Printed(Method method, NavigableMap<Long, List<Frame>> chains) {
    }

    /** The printed methods by start address. */
    private final NavigableMap<Long, Printed> methods = new TreeMap<>();

    private InstructionScopes() {
    }

    /** The chains of every printed method, each disassembled by {@code objdump} to find its instructions. */
    static InstructionScopes of(final List<Method> printed) throws IOException {
        final InstructionScopes scopes = new InstructionScopes();
        for (final Method m : printed) {
            // A method compiled again may reuse freed code space: the later print wins.
            scopes.methods.subMap(m.start(), true, m.start() + m.code().length, false).clear();
            final Map.Entry<Long, Printed> before = scopes.methods.lowerEntry(m.start());
            if (before != null && before.getValue().method().contains(m.start())) {
                scopes.methods.remove(before.getKey());
            }
            scopes.methods.put(m.start(), new Printed(m, chains(m, instructionStarts(m.start(), m.code()))));
        }
        return scopes;
    }

    /**
     * The chain of the instruction at {@code address}, innermost frame first; empty if no printed
     * method holds it.
     */
    List<Frame> chainAt(final long address) {
        final Map.Entry<Long, Printed> m = methods.floorEntry(address);
        if (m == null || !m.getValue().method().contains(address)) {
            return List.of();
        }
        final Map.Entry<Long, List<Frame>> e = m.getValue().chains().floorEntry(address);
        return e == null ? List.of() : e.getValue();
    }

    /**
     * Each instruction's chain, keyed by the instruction's address (an address between two keys
     * belongs to the lower one's instruction).
     *
     * @param starts the method's instruction addresses, ascending, the first at {@code m.start()}
     */
    static NavigableMap<Long, List<Frame>> chains(final Method m, final long[] starts) {
        final long end = m.start() + m.code().length;
        @SuppressWarnings("unchecked")
        final List<Frame>[] own = new List[starts.length];
        for (final Scope scope : m.scopes()) {
            // the first instruction whose end (the next one's start) lies in (unit, unit + 4]
            int i = Arrays.binarySearch(starts, scope.unit() + 1);
            i = i >= 0 ? i - 1 : -i - 2; // the instruction holding unit + 1
            if (i < 0) {
                continue;
            }
            final long instructionEnd = i + 1 < starts.length ? starts[i + 1] : end;
            if (instructionEnd <= scope.unit() + 4 && own[i] == null) {
                own[i] = scope.frames();
            }
        }
        final NavigableMap<Long, List<Frame>> byAddress = new TreeMap<>();
        List<Frame> next = List.of();
        for (int i = starts.length - 1; i >= 0; i--) {
            if (own[i] != null) {
                next = own[i];
            }
            byAddress.put(starts[i], next);
        }
        // trailing instructions with no scope after them take the last one before them
        List<Frame> previous = List.of();
        for (int i = 0; i < starts.length; i++) {
            if (own[i] != null) {
                previous = own[i];
            } else if (byAddress.get(starts[i]).isEmpty()) {
                byAddress.put(starts[i], previous);
            }
        }
        return byAddress;
    }

    private static final Pattern OBJDUMP_LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t[0-9a-f ]+\\t");

    /** The instruction addresses of x86-64 {@code code} loaded at {@code start}, by {@code objdump}. */
    static long[] instructionStarts(final long start, final byte[] code) throws IOException {
        final Path file = Files.createTempFile("compiled-code-", ".bin");
        try {
            Files.write(file, code);
            final List<String> command = List.of("objdump", "-D", "--wide", "-b", "binary", "-mi386:x86-64",
                    "--adjust-vma=0x" + Long.toHexString(start), file.toString());
            final Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (final IOException e) {
                throw new IOException("cannot run objdump to find the compiled code's instructions (install GNU"
                        + " binutils: apt-get install binutils): " + e.getMessage(), e);
            }
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("objdump failed on the compiled code at 0x" + Long.toHexString(start) + ": "
                        + out.lines().limit(5).toList());
            }
            final List<Long> starts = new ArrayList<>();
            for (final String line : out.lines().toList()) {
                final Matcher m = OBJDUMP_LINE.matcher(line);
                if (m.find()) {
                    starts.add(Long.parseUnsignedLong(m.group(1), 16));
                }
            }
            if (starts.isEmpty() || starts.get(0) != start) {
                throw new IOException("objdump listed no instruction at 0x" + Long.toHexString(start));
            }
            return starts.stream().mapToLong(Long::longValue).toArray();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running objdump", e);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
