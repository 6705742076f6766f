package nicharness.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nicharness.model.PcapWriter;

/**
 * One {@code --pcap PORT[:rx|tx|both]=FILE} of {@code forward}, {@code run} and {@code cost}: which
 * port of the software 82599, which of its frames (received from the wire, transmitted, or both;
 * both by default) and the libpcap file, with nanosecond timestamps.
 *
 * @param port      0 or 1
 * @param direction the frames recorded
 * @param file      the capture
 */
public record PcapTarget(int port, PcapWriter.Direction direction, Path file) {

    /** The option's help, for the three commands. */
    public static final String HELP = "record port PORT's wire to the libpcap file FILE, nanosecond timestamps: "
            + "PORT=FILE for both directions, PORT:rx=FILE received frames only, PORT:tx=FILE transmitted only (repeatable)";

    /**
     * The targets of the option's values.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static List<PcapTarget> parse(final Map<String, Path> option) {
        final List<PcapTarget> targets = new ArrayList<>();
        option.forEach((key, file) -> {
            final String[] parts = key.split(":", 2);
            final int port = switch (parts[0].trim()) {
                case "0" -> 0;
                case "1" -> 1;
                default -> throw invalid(key, "the port must be 0 or 1");
            };
            final PcapWriter.Direction direction = parts.length == 1 ? PcapWriter.Direction.BOTH
                    : switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
                        case "rx" -> PcapWriter.Direction.RECEIVED;
                        case "tx" -> PcapWriter.Direction.TRANSMITTED;
                        case "both" -> PcapWriter.Direction.BOTH;
                        default -> throw invalid(key, "the direction must be rx, tx or both");
                    };
            targets.add(new PcapTarget(port, direction, file));
        });
        return targets;
    }

    private static IllegalArgumentException invalid(final String key, final String why) {
        return new IllegalArgumentException("Invalid value for option '--pcap': " + why + ", was '" + key
                + "' (PORT[:rx|tx|both]=FILE, e.g. 1:tx=out.pcap)");
    }

    /** Opens the capture. */
    public PcapWriter open() {
        return PcapWriter.open(file, direction, PcapWriter.Precision.NANOSECONDS);
    }

    /** This target for one driver and NF of several: FILE with "-driver-nf" before its extension. */
    PcapTarget taggedWith(final String driver, final String nf) {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        final String tagged = dot > 0 ? name.substring(0, dot) + "-" + driver + "-" + nf + name.substring(dot)
                : name + "-" + driver + "-" + nf;
        return new PcapTarget(port, direction, file.resolveSibling(tagged));
    }
}
