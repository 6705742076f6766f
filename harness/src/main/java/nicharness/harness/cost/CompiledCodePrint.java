package nicharness.harness.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compiled methods HotSpot prints under {@code -XX:CompileCommand=print,<pattern>} without a
 * disassembler plug-in ("abstract disassembly"): each method's code bytes and, with
 * {@code -XX:+DebugNonSafepoints}, the inlining chain C2 recorded for most of its instructions.
 *
 * <p>The format, as JDK 25 writes it (and as {@link InstructionScopes} reads it): a method starts
 * with {@code Compiled method (c2) <time> <id> <flags> <Class>::<method> (<n> bytes)}; its code sits
 * between {@code [MachCode]} and {@code [/MachCode]}, as lines {@code 0x<address>: <hex> | <hex> ...}
 * of 4-byte units. Where the code of a unit carries debug information, a comment block precedes it:
 * {@code 0x<address>: ;*<bytecode> ...} then one line {@code ; - <Class>::<method>@<bci> (line <n>)}
 * per frame, innermost first. The block's address is that of the 4-byte unit, not of the
 * instruction: HotSpot prints at a unit the first scope recorded at a pc in (unit, unit + 4], and C2
 * records an instruction's scope at the pc after it (its end).
 */
final class CompiledCodePrint {

    /** A frame of an inlining chain: a method of a class at a bytecode index and source line. */
    record Frame(String className, String method, int bci, int line) {
        /** {@code Class::method}, as HotSpot prints it. */
        String name() {
            return className + "::" + method;
        }
    }

    /**
     * The scope printed at a 4-byte unit of code.
     *
     * @param unit   the unit's address: the scope's instruction ends in (unit, unit + 4]
     * @param frames the inlining chain, innermost first
     */
    record Scope(long unit, List<Frame> frames) {
        Scope {
            frames = List.copyOf(frames);
        }
    }

    /**
     * One printed compiled method.
     *
     * @param name   {@code Class::method} as the print names it
     * @param start  the address of its first code byte
     * @param code   its code bytes, from {@code start} on (main code and stubs)
     * @param scopes the scopes printed in it, by address
     */
    record Method(String name, long start, byte[] code, List<Scope> scopes) {
        Method {
            code = code.clone();
            scopes = List.copyOf(scopes);
        }

        /** Whether {@code address} is in this method's code. */
        boolean contains(final long address) {
            return address >= start && address - start < code.length;
        }
    }

    private static final Pattern HEADER = Pattern.compile("^Compiled method \\(c2\\)\\s.*?\\s([\\w.$/]+)::([\\w$<>]+) \\(\\d+ bytes\\)");
    private static final Pattern CODE = Pattern.compile("^\\s+0x([0-9a-f]+): ([0-9a-f]{2,}(?:[ |]+[0-9a-f]{2,})*)\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s+0x([0-9a-f]+): ;(.*)$");
    private static final Pattern FRAME = Pattern.compile("^\\s+; - (?:\\(reexecute\\) )?([\\w.$/]+)::([\\w$<>]+)@(-?\\d+)(?: \\(line (-?\\d+)\\))?");

    private CompiledCodePrint() {
    }

    /** The C2 methods printed in {@code file} (a JVM's standard output), in the order printed. */
    static List<Method> read(final Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return read(in);
        }
    }

    /** The C2 methods printed in {@code text}. */
    static List<Method> parse(final String text) {
        try {
            return read(new BufferedReader(new StringReader(text)));
        } catch (final IOException e) {
            throw new AssertionError("a string reader does not fail", e);
        }
    }

    private static List<Method> read(final Reader reader) throws IOException {
        final BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        final List<Method> methods = new ArrayList<>();
        String name = null;
        boolean inCode = false;
        long start = -1;
        java.io.ByteArrayOutputStream code = null;
        List<Scope> scopes = null;
        List<Frame> frames = null;
        long unit = -1;
        String line;
        while ((line = in.readLine()) != null) {
            final Matcher header = HEADER.matcher(line);
            if (header.find()) {
                name = header.group(1) + "::" + header.group(2);
                inCode = false;
                continue;
            }
            if (name == null) {
                continue;
            }
            if (line.startsWith("[MachCode]")) {
                inCode = true;
                start = -1;
                code = new java.io.ByteArrayOutputStream();
                scopes = new ArrayList<>();
                frames = null;
                continue;
            }
            if (!inCode) {
                continue;
            }
            if (line.startsWith("[/MachCode]")) {
                closeScope(scopes, unit, frames);
                if (start >= 0) {
                    methods.add(new Method(name, start, code.toByteArray(), scopes));
                }
                inCode = false;
                name = null;
                continue;
            }
            final Matcher frame = FRAME.matcher(line);
            if (frame.find()) {
                if (frames != null) {
                    frames.add(new Frame(frame.group(1).replace('/', '.'), frame.group(2),
                            Integer.parseInt(frame.group(3)), frame.group(4) == null ? -1 : Integer.parseInt(frame.group(4))));
                }
                continue;
            }
            final Matcher comment = COMMENT.matcher(line);
            if (comment.find()) {
                final long address = Long.parseUnsignedLong(comment.group(1), 16);
                if (address != unit) {
                    closeScope(scopes, unit, frames);
                    unit = address;
                    frames = new ArrayList<>();
                }
                continue;
            }
            final Matcher bytes = CODE.matcher(line);
            if (bytes.find()) {
                closeScope(scopes, unit, frames);
                frames = null;
                unit = -1;
                final long address = Long.parseUnsignedLong(bytes.group(1), 16);
                if (start < 0) {
                    start = address;
                }
                if (address != start + code.size()) {
                    throw new IOException("the print of " + name + " skips from 0x" + Long.toHexString(start + code.size())
                            + " to 0x" + Long.toHexString(address) + "; is it the abstract disassembly of"
                            + " -XX:CompileCommand=print, interleaved with other output?");
                }
                code.writeBytes(HexFormat.of().parseHex(bytes.group(2).replaceAll("[ |]", "")));
            }
        }
        return methods;
    }

    /** Adds the scope gathered at {@code unit}, if the comment block held a chain. */
    private static void closeScope(final List<Scope> scopes, final long unit, final List<Frame> frames) {
        if (scopes != null && frames != null && !frames.isEmpty()) {
            scopes.add(new Scope(unit, frames));
        }
    }
}
