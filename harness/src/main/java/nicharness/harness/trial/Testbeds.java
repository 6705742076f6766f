package nicharness.harness.trial;

import nicharness.env.linux.ThreadAffinity;
import nicharness.harness.sim.DeviceCpu;
import nicharness.harness.sim.DeviceLatencies;
import nicharness.harness.sim.MeasuredCpuTime;
import nicharness.harness.sim.SimulatedTestbed;

import nicharness.harness.tester.ModelTestbed;

/** Opens the testbed a trial runs on. */
public final class Testbeds {

    private Testbeds() {
    }

    /**
     * The software 82599 with the tester on its wire, the trial's driver and NF on it: in simulated
     * time on this thread (pinned to the first of the trial's CPUs, the compiler threads keeping the
     * other), or in real time on two threads.
     */
    public static Testbed open(final TrialArguments arguments) {
        return switch (arguments.clock()) {
            case VIRTUAL -> {
                if (!arguments.cpus().isEmpty()) {
                    pin(arguments.cpus().get(0));
                }
                if (arguments.deviceOnOtherCpu()) {
                    yield SimulatedTestbed.open(arguments.trial().workload(), arguments.trial().driver(), new MeasuredCpuTime(),
                            DeviceLatencies.DEFAULT.scaled(arguments.trial().workload().deviceCostFactor()), DeviceCpu.OTHER_CPU,
                            arguments.cpus().size() >= 2 ? arguments.cpus().get(1) : -1);
                }
                yield SimulatedTestbed.open(arguments.trial().workload(), arguments.trial().driver());
            }
            case REAL -> ModelTestbed.open(arguments.trial().workload(), arguments.trial().driver(), arguments.cpus());
        };
    }

    private static void pin(final int cpu) {
        try {
            ThreadAffinity.pin(cpu);
        } catch (final RuntimeException | LinkageError e) {
            System.out.println("the simulation's thread stays unpinned: " + e.getMessage());
        }
    }
}
