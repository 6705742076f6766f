package nicharness.harness;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverRegistry;
import nicharness.driver.DriverSetup;
import nicharness.env.IdleStrategy;
import nicharness.driver.Port;
import nicharness.env.RegisterSpace;
import nicharness.env.linux.HugepageDmaMemory;
import nicharness.env.linux.PciAddress;
import nicharness.env.linux.PciDevice;
import nicharness.nf.Clock;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;

/**
 * A driver on real 82599 ports, found by PCI address (as ixy 2359e5b {@code src/pci.c} takes a
 * device): each device is checked to be
 * an 82599, taken from its kernel driver, given DMA (bus mastering), and its BAR0 mapped; rings and
 * buffers come from 2 MiB hugepages with physical addresses from the pagemap. Needs root, and
 * hugepages reserved; each step's error says what to do.
 */
final class HardwareForwarding implements Forwarding {

    private final Arena arena = Arena.ofShared();
    private final List<PciDevice> devices = new ArrayList<>();
    private final List<RegisterSpace> registers = new ArrayList<>();
    private final Driver driver;
    private volatile boolean stop;
    private Thread thread;
    private volatile Throwable failure;

    HardwareForwarding(final List<String> addresses, final String driverName, final Map<String, String> driverOptions,
                       final String nf, final Map<String, String> nfOptions) {
        try {
            for (final String text : addresses) {
                final PciDevice device = PciDevice.open(PciAddress.parse(text)).require82599();
                devices.add(device);
                device.unbindKernelDriver();
                device.enableDma();
                registers.add(device.mapRegisters(arena));
            }
            final List<Port> ports = new ArrayList<>();
            for (int p = 0; p < registers.size(); p++) {
                ports.add(new Port(p, registers.get(p)));
            }
            driver = DriverRegistry.byName(driverName).open(new DriverSetup(ports, HugepageDmaMemory.open(),
                    NfRegistry.create(nf, NfPorts.paper(ports.size()), nfOptions), Clock.SYSTEM, IdleStrategy.BUSY_SPIN,
                    driverOptions));
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void start() {
        stop = false;
        thread = new Thread(() -> {
            try {
                driver.run(() -> stop);
            } catch (final Throwable t) {
                failure = t;
            }
        }, "driver");
        thread.start();
    }

    @Override
    public void stop() {
        stop = true;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("the driver's loop failed: " + failure, failure);
        }
    }

    @Override
    public long statistic(final int port, final int offset) {
        return registers.get(port).read(offset) & 0xFFFF_FFFFL;
    }

    @Override
    public DriverCounters counters() {
        return driver.counters().snapshot();
    }

    @Override
    public String where() {
        return "82599 ports " + devices.stream().map(d -> d.address().toString()).toList();
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
        for (final PciDevice device : devices) {
            device.close();
        }
        arena.close();
    }
}
