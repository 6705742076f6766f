package nicharness.nf.vigor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nicharness.nf.frame.MacAddress;
import nicharness.nf.libvig.IndexMap;
import nicharness.nf.libvig.KeyVector;

/**
 * VigBridge's static filtering table: {@code (destination MAC, input port) -> output port}, loaded
 * once at start-up and never changed. Output {@link #FILTER} (-2) means "drop".
 *
 * <p>File format, as the C loader reads it: whitespace-separated triples {@code MAC fromPort
 * toPort}, for example {@code 01:23:45:67:89:ab 0 -2}. Where the C loader skips a malformed rule
 * with an info message, we refuse the file and say which rule is wrong: a silently ignored filter
 * rule is not what anyone measuring a bridge wants.
 *
 * <p>The table's capacity is 8192 and, as in C, it is kept at most half full, so it holds at most
 * {@value #MAX_RULES} rules. Key layout: word 0 = MAC, word 1 = input port.
 */
public final class BridgeStaticTable {

    /** The output that filters (drops) a frame. */
    public static final int FILTER = -2;

    /** The static map's capacity in the pinned Vigor code. */
    public static final int CAPACITY = 8192;

    /** The C code requires {@code 2 * rules < capacity}. */
    public static final int MAX_RULES = CAPACITY / 2 - 1;

    /** What {@link #lookup} answers for a key with no rule. */
    public static final int NO_RULE = Integer.MIN_VALUE;

    private final KeyVector keys = new KeyVector(CAPACITY);
    private final IndexMap map = new IndexMap(CAPACITY, keys);
    private final int[] outputs = new int[CAPACITY];
    private int rules;

    /** An empty table (the paper's runs have no static rules). */
    public BridgeStaticTable() {
    }

    /**
     * Reads a rules file.
     *
     * @param portCount the number of ports, to check the rules' ports
     * @throws IllegalArgumentException naming the file and the faulty rule, or the I/O error
     */
    public static BridgeStaticTable load(final Path file, final int portCount) {
        final String text;
        try {
            text = Files.readString(file);
        } catch (final IOException e) {
            throw new IllegalArgumentException("bridge: cannot read the static rules file " + file + " (option config): " + e, e);
        }
        return parse(text, file.toString(), portCount);
    }

    /**
     * Parses rules from text in the file format.
     *
     * @param source names the text in messages (a file name)
     * @throws IllegalArgumentException naming the source and the faulty rule
     */
    public static BridgeStaticTable parse(final String text, final String source, final int portCount) {
        final BridgeStaticTable table = new BridgeStaticTable();
        final String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return table;
        }
        final String[] words = trimmed.split("\\s+");
        if (0 != words.length % 3) {
            throw new IllegalArgumentException("bridge: static rules in " + source + " must be triples 'MAC fromPort toPort'; the last rule, starting at '"
                    + words[words.length - words.length % 3] + "', is incomplete");
        }
        for (int i = 0; i < words.length; i += 3) {
            final String rule = words[i] + " " + words[i + 1] + " " + words[i + 2];
            final long mac;
            final int from;
            final int to;
            try {
                mac = MacAddress.parse(words[i]);
                from = Integer.parseInt(words[i + 1]);
                to = Integer.parseInt(words[i + 2]);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("bridge: static rule '" + rule + "' in " + source
                        + " is not 'MAC fromPort toPort' (for example '01:23:45:67:89:ab 0 1')", e);
            }
            if (from < 0 || from >= portCount || (FILTER != to && (to < 0 || to >= portCount))) {
                throw new IllegalArgumentException("bridge: static rule '" + rule + "' in " + source + " names a port outside [0, "
                        + (portCount - 1) + "] (toPort may also be -2, filter)");
            }
            table.add(mac, from, to, source);
        }
        return table;
    }

    private void add(final long mac, final int from, final int to, final String source) {
        if (rules == MAX_RULES) {
            throw new IllegalArgumentException("bridge: too many static rules in " + source + "; at most " + MAX_RULES
                    + " (the table of " + CAPACITY + " is kept at most half full)");
        }
        if (map.get(mac, from) >= 0) {
            throw new IllegalArgumentException("bridge: two static rules in " + source + " for MAC " + MacAddress.format(mac)
                    + " arriving on port " + from);
        }
        keys.set(rules, mac, from);
        outputs[rules] = to;
        map.put(mac, from, rules);
        rules++;
    }

    /** The number of rules. */
    public int size() {
        return rules;
    }

    /**
     * The rule for a destination arriving on a port.
     *
     * @return the output port, {@link #FILTER}, or {@link #NO_RULE}
     */
    public int lookup(final long destinationMac, final int inputPort) {
        final int index = map.get(destinationMac, inputPort);
        return index < 0 ? NO_RULE : outputs[index];
    }
}
