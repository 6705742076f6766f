package nicharness.env.linux;

import static nicharness.env.linux.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;
import nicharness.env.MemoryRegisterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PCI devices in a fake sysfs tree: {@code devices/<address>/} with {@code config} and
 * {@code resource0} as plain files and {@code driver} as a symbolic link into {@code drivers/}, as
 * the kernel lays them out. Also reads (only reads) one real device of this machine.
 */
class PciDeviceTest {
    private static final PciAddress PORT = PciAddress.parse("0000:03:00.0");
    private static final int BAR0_SIZE = 0x20000;

    @TempDir
    Path sysfs;

    private Path devices() throws IOException {
        return Files.createDirectories(sysfs.resolve("bus/pci/devices"));
    }

    /** A device folder with a 256-byte config space, as sysfs shows an 82599's. */
    private Path fakeDevice(final PciAddress address, final int vendor, final int device, final int command,
            final int bar0) throws IOException {
        final Path folder = Files.createDirectories(devices().resolve(address.toString()));
        final ByteBuffer config = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        config.putShort(0x00, (short) vendor).putShort(0x02, (short) device).putShort(0x04, (short) command)
                .putInt(0x08, PciDevice.ETHERNET_CLASS << 8 | 0x01).putInt(0x10, bar0).putInt(0x14, 0);
        Files.write(folder.resolve("config"), config.array());
        Files.write(folder.resolve("resource0"), new byte[BAR0_SIZE]);
        Files.writeString(folder.resolve("numa_node"), "0\n");
        return folder;
    }

    private Path fake82599() throws IOException {
        return fakeDevice(PORT, 0x8086, 0x10FB, 0x0000, 0xF000_000C); // 64-bit prefetchable memory BAR
    }

    private Path bindDriver(final Path device, final String name) throws IOException {
        final Path driver = Files.createDirectories(sysfs.resolve("bus/pci/drivers").resolve(name));
        Files.createFile(driver.resolve("unbind"));
        Files.createSymbolicLink(device.resolve("driver"), device.relativize(driver));
        return driver;
    }

    private static int configWord(final Path device, final int offset) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(device.resolve("config"))).order(ByteOrder.LITTLE_ENDIAN)
                .getShort(offset) & 0xFFFF;
    }

    // ---- discovery and identification ------------------------------------------------------

    @Test
    void opensADeviceAndReadsItsIdentity() throws IOException {
        fake82599();
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertEquals(0x8086, device.vendorId());
            assertEquals(0x10FB, device.deviceId());
            assertEquals(0x020000, device.classCode());
            assertEquals(0, device.numaNode());
            assertTrue(device.is82599());
            assertEquals(device, device.require82599());
            assertEquals(PORT, device.address());
        }
    }

    @Test
    void aMissingDeviceListsTheDevicesThatExist() throws IOException {
        fake82599();
        fakeDevice(PciAddress.parse("0000:00:1f.6"), 0x8086, 0x15BB, 0, 0xF100_0000);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PciDevice.open(devices(), PciAddress.parse("0000:04:00.0")));
        assertContains(e.getMessage(), "no PCI device 0000:04:00.0", "the devices that exist are 0000:00:1f.6, 0000:03:00.0",
                "lspci -D -d 8086:");
    }

    @Test
    void aMissingDeviceWhenNoneExistsSaysSo() throws IOException {
        final Path empty = devices();
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> PciDevice.open(empty, PORT));
        assertContains(e.getMessage(), "no PCI device 0000:03:00.0", "no PCI device exists there at all");
        final IllegalStateException noSysfs = assertThrows(IllegalStateException.class,
                () -> PciDevice.open(sysfs.resolve("nowhere"), PORT));
        assertContains(noSysfs.getMessage(), "nowhere", "is not a folder", "sysfs");
    }

    @Test
    void everyKnown82599IdIsAccepted() throws IOException {
        fake82599();
        for (final int id : PciDevice.DEVICE_IDS_82599.keySet()) {
            try (PciDevice device = PciDevice.open(devices(), PORT)) {
                device.config().write16(PciConfig.DEVICE_ID, id);
                assertTrue(device.is82599(), String.format("0x%04x", id));
                device.require82599();
            }
        }
        assertEquals(16, PciDevice.DEVICE_IDS_82599.size());
        assertEquals("82599 SFP+", PciDevice.DEVICE_IDS_82599.get(0x10FB));
    }

    @Test
    void anotherVendorIsRefusedNamingWhatItIs() throws IOException {
        fakeDevice(PORT, 0x10EC, 0x8168, 0, 0xF000_0000);
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertFalse(device.is82599());
            final IllegalStateException e = assertThrows(IllegalStateException.class, device::require82599);
            assertContains(e.getMessage(), "0000:03:00.0", "vendor 0x10ec device 0x8168", "class 0x020000",
                    "not an Intel 82599", "vendor 0x8086", "0x10fb", "0x1557", "lspci -D -d 8086:10fb");
        }
    }

    @Test
    void anotherIntelNicIsRefused() throws IOException {
        fakeDevice(PORT, 0x8086, 0x1521, 0, 0xF000_0000); // an I350
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertContains(assertThrows(IllegalStateException.class, device::require82599).getMessage(),
                    "vendor 0x8086 device 0x1521", "not an Intel 82599");
        }
    }

    @Test
    void aVirtualFunctionIsRefusedAsSuch() throws IOException {
        fakeDevice(PORT, 0x8086, 0x10ED, 0, 0xF000_0000);
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertContains(assertThrows(IllegalStateException.class, device::require82599).getMessage(),
                    "virtual function", "physical port");
        }
    }

    // ---- taking the device -----------------------------------------------------------------

    @Test
    void unbindWritesTheAddressToTheDriversUnbindFile() throws IOException {
        final Path driver = bindDriver(fake82599(), "ixgbe");
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertEquals(Optional.of("ixgbe"), device.unbindKernelDriver());
        }
        assertEquals("0000:03:00.0", Files.readString(driver.resolve("unbind")));
    }

    @Test
    void unbindWithoutADriverDoesNothing() throws IOException {
        fake82599();
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertEquals(Optional.empty(), device.unbindKernelDriver());
        }
    }

    @Test
    void unbindWithoutAnUnbindFileSaysSo() throws IOException {
        final Path driver = bindDriver(fake82599(), "ixgbe");
        Files.delete(driver.resolve("unbind"));
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertContains(assertThrows(IllegalStateException.class, device::unbindKernelDriver).getMessage(),
                    "cannot unbind kernel driver ixgbe from 0000:03:00.0", "unbind does not exist");
        }
    }

    @Test
    void enableDmaSetsBusMasterMemorySpaceAndInterruptDisableInTheConfigFile() throws IOException {
        final Path folder = fakeDevice(PORT, 0x8086, 0x10FB, 0x0010, 0xF000_000C); // bit 4 already set
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertEquals(0x0416, device.enableDma());
        }
        assertEquals(0x0416, configWord(folder, PciConfig.COMMAND), "bits 1, 2, 10 set; bit 4 kept");
        assertEquals(0x8086, configWord(folder, PciConfig.VENDOR_ID), "the words around are untouched");
        assertEquals(0x020000 << 8 | 1, ByteBuffer.wrap(Files.readAllBytes(folder.resolve("config")))
                .order(ByteOrder.LITTLE_ENDIAN).getInt(0x08));
    }

    @Test
    void open82599TakesThePort() throws IOException {
        final Path folder = fake82599();
        final Path driver = bindDriver(folder, "ixgbe");
        try (PciDevice device = PciDevice.open82599(devices(), PORT)) {
            assertEquals(PORT, device.address());
        }
        assertEquals("0000:03:00.0", Files.readString(driver.resolve("unbind")));
        assertEquals(0x0406, configWord(folder, PciConfig.COMMAND));
    }

    @Test
    void open82599LeavesAnotherDeviceAlone() throws IOException {
        final Path folder = fakeDevice(PORT, 0x10EC, 0x8168, 0, 0xF000_0000);
        final Path driver = bindDriver(folder, "r8169");
        assertThrows(IllegalStateException.class, () -> PciDevice.open82599(devices(), PORT));
        assertEquals("", Files.readString(driver.resolve("unbind")), "not unbound");
        assertEquals(0, configWord(folder, PciConfig.COMMAND), "DMA not enabled");
    }

    // ---- registers through resource0 -------------------------------------------------------

    @Test
    void registersRoundTripThroughTheResourceFile() throws IOException {
        final Path folder = fake82599();
        try (PciDevice device = PciDevice.open(devices(), PORT); Arena arena = Arena.ofShared()) {
            final MemoryRegisterSpace registers = device.mapRegisters(arena);
            assertEquals(BAR0_SIZE, registers.size());
            registers.write(0x06018, 0x1234_5678); // TDT(0)
            registers.segment().force();
            final ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(folder.resolve("resource0"))).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x1234_5678, file.getInt(0x06018), "the write reached the file, little-endian");
            try (FileChannel channel = FileChannel.open(folder.resolve("resource0"), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7000_0000), 0x042A4);
            }
            assertEquals(0x7000_0000, registers.read(0x042A4), "a write to the file is seen by a read (LINKS)");
        }
    }

    @Test
    void anIoBarIsRefused() throws IOException {
        fakeDevice(PORT, 0x8086, 0x10FB, 0, 0x0000_E001);
        try (PciDevice device = PciDevice.open(devices(), PORT); Arena arena = Arena.ofConfined()) {
            assertContains(assertThrows(IllegalStateException.class, () -> device.mapRegisters(arena)).getMessage(),
                    "I/O port BAR", "0x0000e001");
        }
    }

    @Test
    void aMissingResourceFileSaysWhy() throws IOException {
        Files.delete(fake82599().resolve("resource0"));
        try (PciDevice device = PciDevice.open(devices(), PORT); Arena arena = Arena.ofConfined()) {
            assertContains(assertThrows(IllegalStateException.class, () -> device.mapRegisters(arena)).getMessage(),
                    "cannot map BAR0 of PCI device 0000:03:00.0", "resource0 does not exist", "pass-through");
        }
    }

    @Test
    void anEmptyResourceFileIsRefused() throws IOException {
        Files.write(fake82599().resolve("resource0"), new byte[0]);
        try (PciDevice device = PciDevice.open(devices(), PORT); Arena arena = Arena.ofConfined()) {
            assertContains(assertThrows(IllegalStateException.class, () -> device.mapRegisters(arena)).getMessage(),
                    "has size 0");
        }
    }

    // ---- configuration space ---------------------------------------------------------------

    @Test
    void configAccessesAreLittleEndianAndChecked() throws IOException {
        fake82599();
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            final PciConfig config = device.config();
            config.write32(0x40, 0xA1B2_C3D4);
            assertEquals(0xD4, config.read8(0x40));
            assertEquals(0xC3D4, config.read16(0x40));
            assertEquals(0xA1B2, config.read16(0x42));
            assertEquals(0xA1B2_C3D4, config.read32(0x40));
            assertContains(assertThrows(IllegalArgumentException.class, () -> config.read32(0x42)).getMessage(),
                    "offset=0x42", "width=4");
            assertThrows(IllegalArgumentException.class, () -> config.read16(4095));
            assertThrows(IllegalArgumentException.class, () -> config.read8(-1));
        }
    }

    @Test
    void aShortConfigFileSaysOnlyRootSeesItAll() throws IOException {
        final Path folder = fake82599();
        Files.write(folder.resolve("config"), new byte[64]); // what a process without CAP_SYS_ADMIN reads
        try (PciDevice device = PciDevice.open(devices(), PORT)) {
            assertContains(assertThrows(IllegalStateException.class, () -> device.config().read16(0xAA)).getMessage(),
                    "ends before offset 0xab", "64 bytes", "run as root");
        }
    }

    @Test
    void aRealDeviceOfThisMachineReadsLikeItsSysfsAttributes() throws IOException {
        if (!Files.isDirectory(PciDevice.SYSFS_DEVICES)) {
            return; // not Linux, or no sysfs: nothing to compare with
        }
        final Optional<Path> first;
        try (Stream<Path> entries = Files.list(PciDevice.SYSFS_DEVICES)) {
            first = entries.sorted().findFirst();
        }
        if (first.isEmpty()) {
            return;
        }
        final PciAddress address = PciAddress.parse(first.get().getFileName().toString());
        final int vendor = Integer.decode(Files.readString(first.get().resolve("vendor")).trim());
        final int deviceId = Integer.decode(Files.readString(first.get().resolve("device")).trim());
        try (PciDevice device = PciDevice.open(address)) { // reads only: nothing is unbound or written
            assertEquals(vendor, device.vendorId());
            assertEquals(deviceId, device.deviceId());
            assertEquals(vendor == 0x8086 && PciDevice.DEVICE_IDS_82599.containsKey(deviceId), device.is82599());
        }
    }
}
