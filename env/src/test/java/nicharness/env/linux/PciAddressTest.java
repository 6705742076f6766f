package nicharness.env.linux;

import static nicharness.env.linux.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** PCI addresses in sysfs form: parsing, printing, and a clear refusal of anything else. */
class PciAddressTest {

    @Test
    void parsesTheSysfsForm() {
        final PciAddress address = PciAddress.parse("0000:03:00.1");
        assertEquals(new PciAddress(0, 3, 0, 1), address);
        assertEquals("0000:03:00.1", address.toString());
    }

    @Test
    void parsesHexInEitherCaseAndPrintsLowerCase() {
        final PciAddress address = PciAddress.parse("ABCD:Ef:1F.7");
        assertEquals(new PciAddress(0xABCD, 0xEF, 0x1F, 7), address);
        assertEquals("abcd:ef:1f.7", address.toString());
    }

    @Test
    void theDomainMayBeLeftOutAsPlainLspciPrintsIt() {
        assertEquals(new PciAddress(0, 0x81, 0, 0), PciAddress.parse("81:00.0"));
    }

    @Test
    void printingAndParsingRoundTrip() {
        for (final PciAddress address : new PciAddress[] {
                new PciAddress(0, 0, 0, 0), new PciAddress(0xFFFF, 0xFF, 0x1F, 7), new PciAddress(1, 0x3b, 0x10, 3)}) {
            assertEquals(address, PciAddress.parse(address.toString()));
        }
    }

    @Test
    void badFormsNameTheExpectedForm() {
        for (final String bad : new String[] {"", "0000:03:00", "0000-03-00.0", "000:03:00.0", "0000:3:00.0",
                "0000:03:0.0", "0000:03:00.00", "eth0", "0000:0g:00.0", " : . "}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PciAddress.parse(bad),
                    "\"" + bad + "\"");
            assertContains(e.getMessage(), "not a PCI address", "\"" + bad + "\"", "0000:03:00.0", "function 0-7");
        }
        assertContains(assertThrows(IllegalArgumentException.class, () -> PciAddress.parse(null)).getMessage(),
                "expected domain:bus:device.function");
    }

    @Test
    void deviceAbove0x1fAndFunctionAbove7AreRefused() {
        assertContains(assertThrows(IllegalArgumentException.class, () -> PciAddress.parse("0000:03:20.0")).getMessage(),
                "device 0x20 is above 0x1f");
        assertContains(assertThrows(IllegalArgumentException.class, () -> PciAddress.parse("0000:03:00.8")).getMessage(),
                "function 8 is above 7");
        assertContains(assertThrows(IllegalArgumentException.class, () -> new PciAddress(0, 0, 0x20, 0)).getMessage(),
                "device=0x20");
        assertThrows(IllegalArgumentException.class, () -> new PciAddress(0x10000, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PciAddress(0, 0x100, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PciAddress(0, 0, 0, -1));
    }
}
