package nicharness.harness.trial;

/** A trial JVM's main class with the {@link FakeTestbed} in place of the software 82599. */
public final class FakeTrialMain {

    private FakeTrialMain() {
    }

    public static void main(final String[] args) {
        System.exit(TrialMain.run(args, a -> new FakeTestbed(4.0, 9.0, a.trial().workload().directions())));
    }
}
