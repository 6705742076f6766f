package nicharness.harness.cost;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --driver} and {@code --nf} options of the Table 4 commands ({@code cost},
 * {@code cost-jmh}, {@code device-accesses}): registered names or selections, {@code +NAME} adding
 * one to Table 4's, Table 4's rows and columns by default ({@link Table4#drivers}, {@link Table4#nfs}).
 */
public final class Configurations {

    @Option(names = "--driver", paramLabel = "NAME", description = "drivers or selections (repeatable; +NAME adds one to"
            + " Table 4's rows); default: Table 4's five")
    private List<String> drivers = new ArrayList<>();

    @Option(names = "--nf", paramLabel = "NAME", description = "NFs or selections (repeatable; +NAME adds one to Table 4's"
            + " columns); default: Table 4's nop-untouched, nop-write, nop-lookup, policer")
    private List<String> nfs = new ArrayList<>();

    /** The drivers asked for. */
    public List<String> drivers() {
        return Table4.drivers(drivers);
    }

    /** The NFs asked for. */
    public List<String> nfs() {
        return Table4.nfs(nfs);
    }
}
