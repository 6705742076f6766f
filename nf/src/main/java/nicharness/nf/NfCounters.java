package nicharness.nf;

/**
 * The frames an NF refused, by reason. Both reasons end in {@link NetworkFunction#DROP}; they are
 * counted apart because a malformed frame is a fault of the traffic, while a frame of another
 * protocol is ordinary traffic the NF does not serve (Vigor drops both silently).
 */
public interface NfCounters {

    /**
     * Frames too short for a header the NF needs, or whose headers contradict the frame: shorter
     * than an Ethernet header, IPv4 with IHL below 5, a total length beyond the frame, options
     * running past the frame, fewer than 4 bytes of TCP/UDP ports.
     */
    long malformedFrames();

    /** Well-formed frames of a protocol the NF does not handle: not IPv4, or not TCP/UDP. */
    long unhandledFrames();

    /** The counters of an NF that rejects nothing: always zero. */
    NfCounters NONE = new NfCounters() {
        @Override
        public long malformedFrames() {
            return 0;
        }

        @Override
        public long unhandledFrames() {
            return 0;
        }

        @Override
        public String toString() {
            return "malformed=0 unhandled=0";
        }
    };
}
