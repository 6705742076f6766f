package nicharness.nf;

/**
 * One configuration option of an NF, as the harness lists it: the original's option name (without
 * the leading {@code --}), what it means, the value the paper's experiments used, and what is
 * accepted.
 *
 * @param name       the option name, for example {@code max-flows}
 * @param meaning    what it sets, with its unit
 * @param paperValue the value in the paper's runs (also the default here), as text
 * @param accepted   the values accepted, as text
 */
public record NfOption(String name, String meaning, String paperValue, String accepted) {
}
