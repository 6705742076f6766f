package nicharness.harness.trial;

/** Opens the testbed a trial runs on. */
public final class Testbeds {

    private Testbeds() {
    }

    /**
     * The software 82599 with the tester on its wire.
     *
     * @throws UnsupportedOperationException until the model's threaded mode is available
     */
    public static Testbed open(final TrialArguments arguments) {
        throw new UnsupportedOperationException("the tester on the software 82599 is not part of this build yet");
    }
}
