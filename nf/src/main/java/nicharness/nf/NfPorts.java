package nicharness.nf;

import java.util.Arrays;
import nicharness.nf.frame.MacAddress;

/**
 * The ports an NF serves and the two MAC addresses of each: the device's own ({@code deviceMac[d]},
 * which NFs write as the source of what they send on {@code d}) and the endpoint's, whatever sits at
 * the other end of the cable ({@code endpointMac[d]}, written as the destination). Vigor's NAT,
 * firewall and no-op use both; the load balancer uses the device MACs.
 *
 * <p>Immutable; set-up only.
 */
public final class NfPorts {
    private final long[] deviceMacs;
    private final long[] endpointMacs;

    /**
     * Describes the ports.
     *
     * @param deviceMacs   each port's own MAC (48 bits), one per port
     * @param endpointMacs the MAC at the other end of each port's cable, one per port
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public NfPorts(final long[] deviceMacs, final long[] endpointMacs) {
        if (0 == deviceMacs.length || deviceMacs.length != endpointMacs.length) {
            throw new IllegalArgumentException("need one device MAC and one endpoint MAC per port, at least one port: deviceMacs="
                    + deviceMacs.length + " endpointMacs=" + endpointMacs.length);
        }
        this.deviceMacs = deviceMacs.clone();
        this.endpointMacs = endpointMacs.clone();
    }

    /**
     * The addresses of the paper's set-up: TinyNF's DPDK shim reports device {@code d}'s MAC as
     * {@code d:00:00:00:00:00}, and the benchmark configurations give the endpoints
     * {@code 01:23:45:67:89:00} and {@code 01:23:45:67:89:01} (extended here as
     * {@code 01:23:45:67:89:dd} for further ports).
     *
     * @param count the number of ports, in [1, 256]
     */
    public static NfPorts paper(final int count) {
        if (count < 1 || count > 256) {
            throw new IllegalArgumentException("port count must be in [1, 256]: count=" + count);
        }
        final long[] device = new long[count];
        final long[] endpoint = new long[count];
        for (int d = 0; d < count; d++) {
            device[d] = (long) d << 40;
            endpoint[d] = 0x0123_4567_8900L | d;
        }
        return new NfPorts(device, endpoint);
    }

    /** The number of ports. */
    public int count() {
        return deviceMacs.length;
    }

    /** Port {@code port}'s own MAC. */
    public long deviceMac(final int port) {
        return deviceMacs[port];
    }

    /** The MAC at the other end of port {@code port}'s cable. */
    public long endpointMac(final int port) {
        return endpointMacs[port];
    }

    /** A copy of the device MACs, indexed by port. */
    public long[] deviceMacs() {
        return deviceMacs.clone();
    }

    /** A copy of the endpoint MACs, indexed by port. */
    public long[] endpointMacs() {
        return endpointMacs.clone();
    }

    /**
     * The same ports with one endpoint MAC replaced (Vigor's {@code --eth-dest D,MAC}).
     *
     * @throws IllegalArgumentException if {@code port} is not one of these ports
     */
    public NfPorts withEndpointMac(final int port, final long mac) {
        if (port < 0 || port >= count()) {
            throw new IllegalArgumentException("eth-dest names port " + port + " but the ports are [0, " + (count() - 1) + "]");
        }
        final long[] endpoint = endpointMacs.clone();
        endpoint[port] = mac & 0xFFFF_FFFF_FFFFL;
        return new NfPorts(deviceMacs, endpoint);
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("NfPorts[");
        for (int d = 0; d < count(); d++) {
            text.append(0 == d ? "" : ", ").append(d).append(": device ").append(MacAddress.format(deviceMacs[d]))
                    .append(" endpoint ").append(MacAddress.format(endpointMacs[d]));
        }
        return text.append(']').toString();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof NfPorts that && Arrays.equals(deviceMacs, that.deviceMacs) && Arrays.equals(endpointMacs, that.endpointMacs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(deviceMacs) + Arrays.hashCode(endpointMacs);
    }
}
