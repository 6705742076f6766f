package nicharness.model;

/**
 * A cable between two ports: what one transmits, the other receives, in both directions.
 */
public final class Cable {
    private Cable() {
    }

    /**
     * Connects {@code a}'s transmit side to {@code b}'s receive side and {@code b}'s to {@code a}'s.
     * Replaces any sink either port had.
     */
    public static void connect(final NicModel a, final NicModel b) {
        a.connect(b::receiveFromWire);
        b.connect(a::receiveFromWire);
    }
}
