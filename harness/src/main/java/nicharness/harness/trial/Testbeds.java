package nicharness.harness.trial;

import nicharness.harness.tester.ModelTestbed;

/** Opens the testbed a trial runs on. */
public final class Testbeds {

    private Testbeds() {
    }

    /** The software 82599 with the tester on its wire, the trial's driver and NF on it. */
    public static Testbed open(final TrialArguments arguments) {
        return ModelTestbed.open(arguments.trial().workload(), arguments.trial().driver(), arguments.cpus());
    }
}
