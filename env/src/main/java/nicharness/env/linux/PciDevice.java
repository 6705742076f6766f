package nicharness.env.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nicharness.env.MemoryRegisterSpace;

/**
 * One PCI function seen through sysfs, taken from the kernel for a user-space driver, as ixy does
 * ({@code src/pci.c:12} {@code remove_driver}, {@code :26} {@code enable_dma} and {@code :41}
 * {@code pci_map_resource} at emmericp/ixy 2359e5b): check that it is an 82599, unbind the kernel
 * driver, enable
 * DMA, map BAR0 ({@code resource0}) as the register space.
 *
 * <p>The sysfs folder is a parameter ({@link #SYSFS_DEVICES} by default), so tests run against a
 * fake tree whose {@code config} and {@code resource0} are plain files. Every failure says what
 * was attempted, what was found, and what to do.
 */
public final class PciDevice implements AutoCloseable {
    /** Where the kernel lists PCI functions, one folder per address. */
    public static final Path SYSFS_DEVICES = Path.of("/sys/bus/pci/devices");
    /** Intel's PCI vendor ID. */
    public static final int INTEL_VENDOR_ID = 0x8086;
    /** The 24-bit class code of an Ethernet controller. */
    public static final int ETHERNET_CLASS = 0x020000;

    /**
     * The physical-function device IDs of the 82599 family, as the Linux and DPDK ixgbe drivers
     * list them ({@code ixgbe_type.h}). 0x10FB (SFP+) is the one TinyNF's and ixy's tests used.
     */
    public static final Map<Integer, String> DEVICE_IDS_82599 = devices82599();
    /** The 82599's virtual functions: SR-IOV devices, not the port itself. */
    public static final Map<Integer, String> VIRTUAL_FUNCTION_IDS_82599 = Map.of(0x10ED, "82599 VF", 0x152E, "82599 VF (Hyper-V)");

    private static Map<Integer, String> devices82599() {
        final Map<Integer, String> ids = new LinkedHashMap<>();
        ids.put(0x10FB, "82599 SFP+");
        ids.put(0x10F7, "82599 KX4");
        ids.put(0x10F8, "82599 combined backplane");
        ids.put(0x10F9, "82599 CX4");
        ids.put(0x10FC, "82599 XAUI LOM");
        ids.put(0x1507, "82599 SFP+ EM");
        ids.put(0x1514, "82599 KX4 mezzanine");
        ids.put(0x1517, "82599 KR");
        ids.put(0x151C, "82599 T3 LOM");
        ids.put(0x1529, "82599 SFP+ FCoE");
        ids.put(0x152A, "82599 backplane FCoE");
        ids.put(0x154A, "82599 SFP+ SF QP");
        ids.put(0x154D, "82599 SFP+ SF2");
        ids.put(0x154F, "82599 LS");
        ids.put(0x1557, "82599EN SFP+");
        ids.put(0x1558, "82599 QSFP+ SF QP");
        return Collections.unmodifiableMap(ids);
    }

    private final PciAddress address;
    private final Path directory;
    private final SysfsPciConfig config;

    private PciDevice(final PciAddress address, final Path directory, final SysfsPciConfig config) {
        this.address = address;
        this.directory = directory;
        this.config = config;
    }

    /** Opens the function at {@code address} under {@link #SYSFS_DEVICES}. */
    public static PciDevice open(final PciAddress address) {
        return open(SYSFS_DEVICES, address);
    }

    /**
     * Opens the function at {@code address} under {@code devices} (a folder laid out like
     * {@code /sys/bus/pci/devices}).
     *
     * @throws IllegalStateException when there is no such device, listing those that exist
     */
    public static PciDevice open(final Path devices, final PciAddress address) {
        if (!Files.isDirectory(devices)) {
            throw new IllegalStateException("cannot look for PCI device " + address + ": " + devices
                    + " is not a folder (is sysfs mounted? PCI devices are reached through Linux sysfs)");
        }
        final Path directory = devices.resolve(address.toString());
        if (!Files.isDirectory(directory)) {
            final List<String> present = list(devices);
            throw new IllegalStateException("no PCI device " + address + " in " + devices + "; "
                    + (present.isEmpty() ? "no PCI device exists there at all"
                            : "the devices that exist are " + String.join(", ", present))
                    + ". Find the 82599 ports with: lspci -D -d 8086:");
        }
        final Path configFile = directory.resolve("config");
        if (!Files.exists(configFile)) {
            throw new IllegalStateException("PCI device " + address + " has no configuration space file " + configFile);
        }
        return new PciDevice(address, directory, new SysfsPciConfig(configFile));
    }

    /**
     * Opens the 82599 port at {@code address} and takes it for a user-space driver: checks the IDs,
     * unbinds the kernel driver and enables DMA. Map its registers next with {@link #mapRegisters}.
     */
    public static PciDevice open82599(final Path devices, final PciAddress address) {
        final PciDevice device = open(devices, address);
        try {
            device.require82599();
            device.unbindKernelDriver();
            device.enableDma();
            return device;
        } catch (final RuntimeException e) {
            device.close();
            throw e;
        }
    }

    private static List<String> list(final Path devices) {
        try (Stream<Path> entries = Files.list(devices)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (final IOException e) {
            return List.of();
        }
    }

    /** The device's address. */
    public PciAddress address() {
        return address;
    }

    /** The device's sysfs folder. */
    public Path directory() {
        return directory;
    }

    /** The device's configuration space. */
    public PciConfig config() {
        return config;
    }

    /** The vendor ID from configuration space. */
    public int vendorId() {
        return config.vendorId();
    }

    /** The device ID from configuration space. */
    public int deviceId() {
        return config.deviceId();
    }

    /** The 24-bit class code from configuration space. */
    public int classCode() {
        return config.classCode();
    }

    /** Whether this is an 82599 port (an Intel physical function with an 82599 device ID). */
    public boolean is82599() {
        return vendorId() == INTEL_VENDOR_ID && DEVICE_IDS_82599.containsKey(deviceId());
    }

    /**
     * Checks that this is an 82599 port.
     *
     * @return this device
     * @throws IllegalStateException naming what the device is and which IDs are accepted
     */
    public PciDevice require82599() {
        final int vendor = vendorId();
        final int device = deviceId();
        if (vendor == INTEL_VENDOR_ID && DEVICE_IDS_82599.containsKey(device)) {
            return this;
        }
        final String found = String.format("PCI device %s is vendor 0x%04x device 0x%04x (class 0x%06x)",
                address, vendor, device, classCode());
        if (vendor == INTEL_VENDOR_ID && VIRTUAL_FUNCTION_IDS_82599.containsKey(device)) {
            throw new IllegalStateException(found + ", an " + VIRTUAL_FUNCTION_IDS_82599.get(device)
                    + ": a virtual function, whose registers differ; give the address of the physical port");
        }
        throw new IllegalStateException(found + ", not an Intel 82599: expected vendor 0x8086 and device "
                + DEVICE_IDS_82599.keySet().stream().map(id -> String.format("0x%04x", id)).collect(Collectors.joining(", "))
                + ". Find the 82599 ports with: lspci -D -d 8086:10fb");
    }

    /**
     * Unbinds the kernel driver, if one is bound, by writing the address to its {@code unbind}
     * file, so that it stops touching the card (ixy does the same; ignoring a missing driver).
     *
     * @return the name of the driver unbound (such as {@code ixgbe}), or empty if none was bound
     */
    public Optional<String> unbindKernelDriver() {
        final Path driver = directory.resolve("driver");
        if (!Files.exists(driver)) {
            return Optional.empty();
        }
        String name = "driver";
        try {
            if (Files.isSymbolicLink(driver)) {
                name = Files.readSymbolicLink(driver).getFileName().toString();
            }
            Files.write(driver.resolve("unbind"), address.toString().getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return Optional.of(name);
        } catch (final AccessDeniedException e) {
            throw new IllegalStateException("cannot unbind kernel driver " + name + " from " + address
                    + ": permission denied on " + e.getFile() + "; run as root", e);
        } catch (final NoSuchFileException e) {
            throw new IllegalStateException("cannot unbind kernel driver " + name + " from " + address + ": "
                    + e.getFile() + " does not exist", e);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot unbind kernel driver " + name + " from " + address, e);
        }
    }

    /**
     * Lets the card do DMA: sets bus mastering (COMMAND bit 2), memory space (bit 1) and legacy
     * interrupt disable (bit 10, as TinyNF does: we poll) by a read-modify-write of the 16-bit
     * COMMAND word, leaving its other bits as they were.
     *
     * @return the COMMAND word written
     */
    public int enableDma() {
        final int command = config.read16(PciConfig.COMMAND);
        final int enabled = command | PciConfig.COMMAND_BUS_MASTER | PciConfig.COMMAND_MEMORY_SPACE
                | PciConfig.COMMAND_INTERRUPT_DISABLE;
        config.write16(PciConfig.COMMAND, enabled);
        return enabled;
    }

    /**
     * Maps BAR0 through {@code resource0} into {@code arena} as the device's register space (128 KiB
     * on an 82599); unmapped when {@code arena} closes.
     *
     * @throws IllegalStateException when BAR0 is not a memory BAR or {@code resource0} cannot be
     *                               mapped, saying why
     */
    public MemoryRegisterSpace mapRegisters(final Arena arena) {
        final int bar0 = config.read32(PciConfig.BAR0);
        if ((bar0 & PciConfig.BAR_IO_SPACE) != 0) {
            throw new IllegalStateException(String.format(
                    "BAR0 of PCI device %s is an I/O port BAR (0x%08x), which cannot be mapped; an 82599's BAR0 is memory",
                    address, bar0));
        }
        final Path resource = directory.resolve("resource0");
        try (FileChannel channel = FileChannel.open(resource, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final long size = channel.size();
            if (size <= 0 || size % 4 != 0) {
                throw new IllegalStateException("cannot map BAR0 of PCI device " + address + ": " + resource
                        + " has size " + size + ", not a positive multiple of 4");
            }
            final MemorySegment registers = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            return new MemoryRegisterSpace(registers);
        } catch (final NoSuchFileException e) {
            throw new IllegalStateException("cannot map BAR0 of PCI device " + address + ": " + resource
                    + " does not exist (virtual machines often expose no resource files; a real 82599 needs "
                    + "PCI pass-through)", e);
        } catch (final AccessDeniedException e) {
            throw new IllegalStateException("cannot map BAR0 of PCI device " + address + ": permission denied on "
                    + resource + "; run as root", e);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot map BAR0 of PCI device " + address + " from " + resource, e);
        }
    }

    /** The NUMA node the device is attached to, or -1 when the kernel does not say. */
    public int numaNode() {
        try {
            return Integer.parseInt(Files.readString(directory.resolve("numa_node")).trim());
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Closes the configuration space file; a mapped register space lives until its arena closes. */
    @Override
    public void close() {
        config.close();
    }

    @Override
    public String toString() {
        return "PciDevice[" + address + "]";
    }
}
