package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code --drivers} or {@code --nfs} asks of every experiment: names to keep of the
 * experiment's own, and names to add to it. A name is a registered driver or NF, or a named
 * selection ({@link Experiment#DRIVER_SELECTIONS}, {@link Experiment#NF_SELECTIONS}) standing for its
 * members; a leading {@code +} adds instead of keeping, so {@code --drivers +mine} runs a fourth
 * driver beside each experiment's own, and {@code --drivers +mine,tinynf} beside TinyNF alone.
 *
 * @param kept  the experiment's own names to keep; empty: all of them
 * @param added names every experiment runs as well as its own
 */
public record Selection(List<String> kept, List<String> added) {

    /** Nothing asked: every experiment runs its own. */
    public static final Selection OWN = new Selection(List.of(), List.of());

    public Selection {
        kept = List.copyOf(kept);
        added = List.copyOf(added);
    }

    /**
     * Reads the option's values.
     *
     * @param option     the option, for the error
     * @param values     its values
     * @param selections the named selections
     * @param registered the registered names
     * @param what       "driver" or "NF", for the error
     * @throws IllegalArgumentException naming a value that is neither registered nor a selection
     */
    public static Selection parse(final String option, final List<String> values, final Map<String, List<String>> selections,
                                  final List<String> registered, final String what) {
        final Set<String> kept = new LinkedHashSet<>();
        final Set<String> added = new LinkedHashSet<>();
        for (final String value : values) {
            final boolean add = value.startsWith("+");
            final String name = add ? value.substring(1) : value;
            final List<String> members = selections.get(name);
            if (members == null && !registered.contains(name)) {
                throw new IllegalArgumentException("Invalid value for option '" + option + "': unknown " + what + " '" + name
                        + "'; accepted: " + (registered.isEmpty() ? "(none registered)" : String.join(", ", registered))
                        + ", or a selection: " + String.join(", ", selections.keySet()) + " (a leading + adds to each experiment's own)");
            }
            (add ? added : kept).addAll(members == null ? List.of(name) : members);
        }
        return new Selection(new ArrayList<>(kept), new ArrayList<>(added));
    }

    /**
     * The kept names that none of {@code owns} has: asked for, but run by no experiment, since
     * keeping only filters (the note says to write {@code +name}).
     */
    public List<String> keptByNone(final List<List<String>> owns) {
        return kept.stream().filter(name -> owns.stream().noneMatch(own -> own.contains(name))).toList();
    }

    /** The names an experiment whose own are {@code own} runs: those kept, then those added. */
    public List<String> apply(final List<String> own) {
        final Set<String> names = new LinkedHashSet<>();
        for (final String name : own) {
            if (kept.isEmpty() || kept.contains(name)) {
                names.add(name);
            }
        }
        names.addAll(added);
        return new ArrayList<>(names);
    }
}
