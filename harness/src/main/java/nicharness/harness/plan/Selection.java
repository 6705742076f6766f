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
 * driver beside each experiment's own, and {@code --drivers +mine,tinynf} beside TinyNF alone. A
 * name kept that none of the chosen experiments runs is added to them instead
 * ({@link #forExperiments}): {@code -e fig9 --drivers mine} runs {@code mine} alone on Figure 9.
 *
 * @param keeps whether any name was given to keep (if not, every experiment keeps all its own)
 * @param kept  the experiment's own names to keep
 * @param added names every experiment runs as well as those it keeps
 */
public record Selection(boolean keeps, List<String> kept, List<String> added) {

    /** Nothing asked: every experiment runs its own. */
    public static final Selection OWN = new Selection(false, List.of(), List.of());

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
        boolean keeps = false;
        for (final String value : values) {
            final boolean add = value.startsWith("+");
            final String name = add ? value.substring(1) : value;
            final List<String> members = selections.get(name);
            if (members == null && !registered.contains(name)) {
                throw new IllegalArgumentException("Invalid value for option '" + option + "': unknown " + what + " '" + name
                        + "'; accepted: " + (registered.isEmpty() ? "(none registered)" : String.join(", ", registered))
                        + ", or a selection: " + String.join(", ", selections.keySet()) + " (a leading + adds to each experiment's own)");
            }
            keeps |= !add;
            (add ? added : kept).addAll(members == null ? List.of(name) : members);
        }
        return new Selection(keeps, new ArrayList<>(kept), new ArrayList<>(added));
    }

    /** The kept names that none of {@code owns} (the chosen experiments' own names) has. */
    public List<String> keptByNone(final List<List<String>> owns) {
        return kept.stream().filter(name -> owns.stream().noneMatch(own -> own.contains(name))).toList();
    }

    /**
     * This selection for experiments whose own names are {@code owns}: a kept name none of them has
     * is added to each instead (keeping it would leave it out of every one).
     */
    public Selection forExperiments(final List<List<String>> owns) {
        final List<String> strangers = keptByNone(owns);
        final List<String> keptOwn = new ArrayList<>(kept);
        keptOwn.removeAll(strangers);
        final Set<String> allAdded = new LinkedHashSet<>(added);
        allAdded.addAll(strangers);
        return new Selection(keeps, keptOwn, new ArrayList<>(allAdded));
    }

    /** The names an experiment whose own are {@code own} runs: those kept, then those added. */
    public List<String> apply(final List<String> own) {
        final Set<String> names = new LinkedHashSet<>();
        for (final String name : own) {
            if (!keeps || kept.contains(name)) {
                names.add(name);
            }
        }
        names.addAll(added);
        return new ArrayList<>(names);
    }
}
