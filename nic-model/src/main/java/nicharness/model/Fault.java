package nicharness.model;

/**
 * One strict-mode violation: which rule, on which port, and name=value context (register, queue,
 * descriptor index, head, tail, addresses) to find the bug with.
 *
 * @param kind    the rule broken
 * @param port    the port index of the model that saw it
 * @param context name=value pairs, for example {@code "queue=0 tail=12 head=12 size=512"}
 */
public record Fault(FaultKind kind, int port, String context) {

    @Override
    public String toString() {
        return kind + " on port " + port + ": " + kind.rule() + " [" + context + "]";
    }
}
