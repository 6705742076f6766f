package nicharness.harness;

import nicharness.driver.DriverCounters;

/**
 * A driver and its NF forwarding continuously between two ports, for the {@code forward} command:
 * on real 82599s ({@link HardwareForwarding}) or on the software 82599 with the tester offering
 * traffic ({@link nicharness.harness.tester.ModelTestbed}).
 */
interface Forwarding extends AutoCloseable {

    /** Starts forwarding. */
    void start();

    /** Stops forwarding; the driver's thread has ended when this returns. */
    void stop();

    /** Reads the 32-bit clear-on-read statistics register at {@code offset} of port {@code port}. */
    long statistic(int port, int offset);

    /** The driver's counters (exact after {@link #stop()}). */
    DriverCounters counters();

    /** The strict-mode faults recorded so far, as a report; empty if none (or not in strict mode). */
    default String faults() {
        return "";
    }

    /** Where the ports are: "the software 82599" or their PCI addresses. */
    String where();

    @Override
    void close();
}
