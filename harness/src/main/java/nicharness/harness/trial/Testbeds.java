package nicharness.harness.trial;

import nicharness.harness.Placement;
import nicharness.harness.sim.DeviceCpu;
import nicharness.harness.sim.DeviceLatencies;
import nicharness.harness.sim.CpuTime;
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
                    Placement.pinCurrentThread(arguments.cpus().get(0), "the simulation's thread");
                }
                yield SimulatedTestbed.open(arguments.trial().workload(), arguments.trial().driver(), CpuTime.of(arguments.cpuCost()),
                        DeviceLatencies.DEFAULT.scaled(arguments.trial().workload().deviceCostFactor()),
                        arguments.deviceOnOtherCpu() ? DeviceCpu.OTHER_CPU : DeviceCpu.SAME_THREAD,
                        arguments.cpus().size() >= 2 ? arguments.cpus().get(1) : -1);
            }
            case REAL -> ModelTestbed.open(arguments.trial().workload(), arguments.trial().driver(), arguments.cpus());
        };
    }
}
