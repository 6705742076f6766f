package nicharness.ixgbe;

import nicharness.env.RegisterSpace;

/**
 * The 82599 registers that some driver of ours or the software model uses, as a table: each entry
 * is the datasheet section and name, the byte offset in BAR0 (or a function of the queue or entry
 * index), and a nested class of its fields as bit masks. Only what is used is listed.
 *
 * <p>Per-queue blocks: receive queue q at 0x01000 + 0x40q for q &lt; 64 and 0x0D000 + 0x40(q - 64)
 * for 64 &le; q &lt; 128; transmit queue q at 0x06000 + 0x40q for q &lt; 128.
 *
 * <p>Field helpers do all the bit work: {@link #field} and {@link #withField} on values, and the
 * read-modify-writes {@link #set}, {@link #clear} and {@link #writeField} on a device (TinyNF's
 * {@code reg_set_field}, {@code reg_clear_field}, {@code reg_write_field}). Set-up only: the data
 * paths write whole tail registers.
 */
public final class Regs {
    private Regs() {
    }

    /** Number of receive and of transmit queues on one 82599 port. */
    public static final int QUEUE_COUNT = 128;

    /** Size of the BAR0 register space the drivers map (128 KiB). */
    public static final int BAR0_SIZE = 0x20000;

    private static int rxQueueBlock(final int q) {
        if (q < 0 || q >= QUEUE_COUNT) {
            throw new IllegalArgumentException("receive queue must be in [0, 128): queue=" + q);
        }
        return q < 64 ? 0x01000 + 0x40 * q : 0x0D000 + 0x40 * (q - 64);
    }

    private static int txQueueBlock(final int q) {
        if (q < 0 || q >= QUEUE_COUNT) {
            throw new IllegalArgumentException("transmit queue must be in [0, 128): queue=" + q);
        }
        return 0x06000 + 0x40 * q;
    }

    private static int indexed(final int base, final int stride, final int n, final int count, final String name) {
        if (n < 0 || n >= count) {
            throw new IllegalArgumentException(name + " index must be in [0, " + count + "): n=" + n);
        }
        return base + stride * n;
    }

    // ---- General control -------------------------------------------------------------------

    // 8.2.3.1.1 Device Control Register
    public static final int CTRL = 0x00000;
    public static final class CTRL_ {
        public static final int MASTER_DISABLE = 1 << 2;
        public static final int LNK_RST = 1 << 3;
        public static final int RST = 1 << 26;
    }

    // 8.2.3.1.2 Device Status Register
    public static final int STATUS = 0x00008;
    public static final class STATUS_ {
        public static final int LAN_ID = 0b11 << 2;
        public static final int PCIE_MASTER_ENABLE_STATUS = 1 << 19;
    }

    // 8.2.3.1.3 Extended Device Control Register
    public static final int CTRL_EXT = 0x00018;
    public static final class CTRL_EXT_ {
        public static final int NS_DIS = 1 << 16;
    }

    // 8.2.3.2.1 EEPROM/Flash Control Register
    public static final int EEC = 0x10010;
    public static final class EEC_ {
        public static final int EE_PRES = 1 << 8;
        public static final int AUTO_RD = 1 << 9;
    }

    // 8.2.3.4.10 Firmware Semaphore Register
    public static final int FWSM = 0x10148;
    public static final class FWSM_ {
        public static final int EXT_ERR_IND = 0b111111 << 19;
    }

    // 8.2.3.4.12 PCIe Control Extended Register
    public static final int GCR_EXT = 0x11050;
    public static final class GCR_EXT_ {
        public static final int BUFFERS_CLEAR_FUNC = 1 << 30;
    }

    // ---- Interrupts (masked once at start-up; no driver of ours takes interrupts) -------------

    // 8.2.3.5.1 Extended Interrupt Cause Register
    public static final int EICR = 0x00800;
    // 8.2.3.5.3 Extended Interrupt Cause Set Register
    public static final int EICS = 0x00808;
    // 8.2.3.5.4 Extended Interrupt Mask Set/Read Register
    public static final int EIMS = 0x00880;
    // 8.2.3.5.5 Extended Interrupt Mask Clear Register
    public static final int EIMC = 0x00888;
    // 8.2.3.5.6 Extended Interrupt Auto Clear Register
    public static final int EIAC = 0x00810;
    // 8.2.3.5.7 Extended Interrupt Auto Mask Enable Register
    public static final int EIAM = 0x00890;
    // 8.2.3.5.18 General Purpose Interrupt Enable
    public static final int GPIE = 0x00898;

    // 8.2.3.5.12 Extended Interrupt Throttle Registers, n < 24 (the first block)
    public static int EITR(final int n) {
        return indexed(0x00820, 4, n, 24, "EITR");
    }

    // 8.2.3.5.16 Interrupt Vector Allocation Registers, n < 64
    public static int IVAR(final int n) {
        return indexed(0x00900, 4, n, 64, "IVAR");
    }

    // 8.2.3.5.8 Extended Interrupt Mask Set Registers (EIMS_EX), n < 2
    public static int EIMS_EX(final int n) {
        return indexed(0x00AA0, 4, n, 2, "EIMS_EX");
    }

    // 8.2.3.5.9 Extended Interrupt Mask Clear Registers (EIMC_EX), n < 2
    public static int EIMC_EX(final int n) {
        return indexed(0x00AB0, 4, n, 2, "EIMC_EX");
    }

    // ---- Receive ---------------------------------------------------------------------------

    // 8.2.3.8.1 Receive Descriptor Base Address Low
    public static int RDBAL(final int q) {
        return rxQueueBlock(q);
    }

    // 8.2.3.8.2 Receive Descriptor Base Address High
    public static int RDBAH(final int q) {
        return rxQueueBlock(q) + 0x04;
    }

    // 8.2.3.8.3 Receive Descriptor Length
    public static int RDLEN(final int q) {
        return rxQueueBlock(q) + 0x08;
    }

    // 8.2.3.11.1 Rx DCA Control Register (per-queue form; see DCA_RXCTRL_ALIAS for q < 16)
    public static int DCA_RXCTRL(final int q) {
        return rxQueueBlock(q) + 0x0C;
    }

    /** The legacy alias of DCA_RXCTRL for q &lt; 16 (0x02200 + 4q), the form ixy uses. */
    public static int DCA_RXCTRL_ALIAS(final int q) {
        return indexed(0x02200, 4, q, 16, "DCA_RXCTRL alias queue");
    }

    public static final class DCA_RXCTRL_ {
        /** Reserved; resets to 1 and must be written 0 (datasheet 8.2.3.11.1). */
        public static final int RESERVED_12 = 1 << 12;
    }

    // 8.2.3.8.4 Receive Descriptor Head
    public static int RDH(final int q) {
        return rxQueueBlock(q) + 0x10;
    }

    // 8.2.3.8.7 Split Receive Control Registers (per-queue form; see SRRCTL_ALIAS for q < 16)
    public static int SRRCTL(final int q) {
        return rxQueueBlock(q) + 0x14;
    }

    /** The legacy alias of SRRCTL for q &lt; 16 (0x02100 + 4q), the form ixy uses. */
    public static int SRRCTL_ALIAS(final int q) {
        return indexed(0x02100, 4, q, 16, "SRRCTL alias queue");
    }

    public static final class SRRCTL_ {
        /** Receive buffer size for packet buffers, in KiB. */
        public static final int BSIZEPACKET = 0b11111;
        /** Receive buffer size for header buffers, in 64-byte units. */
        public static final int BSIZEHEADER = 0b111111 << 8;
        /** Receive descriptor minimum threshold size. */
        public static final int RDMTS = 0b111 << 22;
        /** Descriptor type: 000b legacy, 001b advanced one buffer. */
        public static final int DESCTYPE = 0b111 << 25;
        public static final int DESCTYPE_LEGACY = 0b000;
        public static final int DESCTYPE_ADVANCED_ONE_BUFFER = 0b001;
        /** Drop packets when no descriptor is available instead of backing up in the packet buffer. */
        public static final int DROP_EN = 1 << 28;
    }

    // 8.2.3.8.5 Receive Descriptor Tail
    public static int RDT(final int q) {
        return rxQueueBlock(q) + 0x18;
    }

    // 8.2.3.8.6 Receive Descriptor Control
    public static int RXDCTL(final int q) {
        return rxQueueBlock(q) + 0x28;
    }

    public static final class RXDCTL_ {
        public static final int ENABLE = 1 << 25;
        public static final int SWFLSH = 1 << 26;
        public static final int VME = 1 << 30;
    }

    // 8.2.3.8.13 RSC Control
    public static int RSCCTL(final int q) {
        return rxQueueBlock(q) + 0x2C;
    }

    // 8.2.3.8.8 Receive DMA Control Register
    public static final int RDRXCTL = 0x02F00;
    public static final class RDRXCTL_ {
        public static final int CRC_STRIP = 1 << 1;
        public static final int DMAIDONE = 1 << 3;
        public static final int RSCFRSTSIZE = 0b11111 << 17;
        public static final int RSCACKC = 1 << 25;
        public static final int FCOE_WRFIX = 1 << 26;
    }

    // 8.2.3.8.10 Receive Control Register
    public static final int RXCTRL = 0x03000;
    public static final class RXCTRL_ {
        public static final int RXEN = 1;
    }

    // 8.2.3.8.9 Receive Packet Buffer Size, n < 8
    public static int RXPBSIZE(final int n) {
        return indexed(0x03C00, 4, n, 8, "RXPBSIZE");
    }

    public static final class RXPBSIZE_ {
        /** Packet buffer size in KiB. */
        public static final int SIZE = 0x3FF << 10;
    }

    // 8.2.3.7.1 Filter Control Register
    public static final int FCTRL = 0x05080;
    public static final class FCTRL_ {
        /** Multicast promiscuous enable. */
        public static final int MPE = 1 << 8;
        /** Unicast promiscuous enable. */
        public static final int UPE = 1 << 9;
        /** Broadcast accept mode. */
        public static final int BAM = 1 << 10;
    }

    // 8.2.3.7.7 Multicast Table Array, n < 128
    public static int MTA(final int n) {
        return indexed(0x05200, 4, n, 128, "MTA");
    }

    // 8.2.3.7.9 Receive Address Low, n < 128
    public static int RAL(final int n) {
        return n < 16 ? indexed(0x05400, 8, n, 16, "RAL") : indexed(0x0A200, 8, n, 128, "RAL");
    }

    // 8.2.3.7.10 Receive Address High, n < 128
    public static int RAH(final int n) {
        return RAL(n) + 4;
    }

    public static final class RAH_ {
        /** Address valid. */
        public static final int AV = 1 << 31;
    }

    // 8.2.3.7.2 VLAN Control Register
    public static final int VLNCTRL = 0x05088;

    // 8.2.3.7.11 MAC Pool Select Array, n < 256
    public static int MPSAR(final int n) {
        return indexed(0x0A600, 4, n, 256, "MPSAR");
    }

    // 8.2.3.27.15 PF Unicast Table Array, n < 128
    public static int PFUTA(final int n) {
        return indexed(0x0F400, 4, n, 128, "PFUTA");
    }

    // 8.2.3.27.16 PF VLAN VM Filter, n < 64
    public static int PFVLVF(final int n) {
        return indexed(0x0F100, 4, n, 64, "PFVLVF");
    }

    // 8.2.3.27.17 PF VLAN VM Filter Bitmap, n < 128
    public static int PFVLVFB(final int n) {
        return indexed(0x0F200, 4, n, 128, "PFVLVFB");
    }

    // 8.2.3.7.19 Five tuple Queue Filter, n < 128
    public static int FTQF(final int n) {
        return indexed(0x0E600, 4, n, 128, "FTQF");
    }

    public static final class FTQF_ {
        public static final int QUEUE_ENABLE = 1 << 31;
    }

    // 8.2.3.9.15 Multiple Receive Queues Command Register
    public static final int MRQC = 0x0EC80;

    // 8.2.3.10.13 Rx Queue Statistic Mapping Registers, n < 32
    public static int RQSMR(final int n) {
        return indexed(0x02300, 4, n, 32, "RQSMR");
    }

    // 8.2.3.26.1 Security Rx Control
    public static final int SECRXCTRL = 0x08D00;
    public static final class SECRXCTRL_ {
        public static final int RX_DIS = 1 << 1;
    }

    // 8.2.3.26.2 Security Rx Status
    public static final int SECRXSTAT = 0x08D04;
    public static final class SECRXSTAT_ {
        public static final int SECRX_RDY = 1;
    }

    // ---- Flow control ----------------------------------------------------------------------

    // 8.2.3.3.4 Flow Control Receive Threshold High, n < 8
    public static int FCRTH(final int n) {
        return indexed(0x03260, 4, n, 8, "FCRTH");
    }

    public static final class FCRTH_ {
        /** Receive packet buffer threshold high, in 32-byte units. */
        public static final int RTH = 0x3FFF << 5;
        /** Transmit XOFF frames when the buffer fills past RTH (with FCCFG.TFCE link flow control). */
        public static final int FCEN = 1 << 31;
    }

    // 8.2.3.3.3 Flow Control Receive Threshold Low, n < 8
    public static int FCRTL(final int n) {
        return indexed(0x03220, 4, n, 8, "FCRTL");
    }

    public static final class FCRTL_ {
        /** Receive packet buffer threshold low, in 32-byte units. */
        public static final int RTL = 0x3FFF << 5;
        /** Transmit XON once the buffer drains below RTL. */
        public static final int XONE = 1 << 31;
    }

    // 8.2.3.3.7 Flow Control Configuration
    public static final int FCCFG = 0x03D00;
    public static final class FCCFG_ {
        /** Transmit flow control enable: 01b link flow control. */
        public static final int TFCE = 0b11 << 3;
        /** TFCE value for link-level (802.3x) transmit flow control. */
        public static final int TFCE_LINK = 0b01;
    }

    // 8.2.3.22.34 MAC Flow Control Register
    public static final int MFLCN = 0x04294;
    public static final class MFLCN_ {
        /** Receive flow control enable. */
        public static final int RFCE = 1 << 3;
    }

    // ---- MAC -------------------------------------------------------------------------------

    // 8.2.3.22.8 MAC Core Control 0 Register
    public static final int HLREG0 = 0x04240;
    public static final class HLREG0_ {
        public static final int TXCRCEN = 1;
        public static final int RXCRCSTRP = 1 << 1;
        public static final int JUMBOEN = 1 << 2;
        public static final int TXPADEN = 1 << 10;
        public static final int LPBK = 1 << 15;
    }

    // 8.2.3.22.13 Max Frame Size
    public static final int MAXFRS = 0x04268;
    public static final class MAXFRS_ {
        public static final int MFS = 0xFFFF << 16;
    }

    // 8.2.3.22.19 Auto Negotiation Control Register
    public static final int AUTOC = 0x042A0;
    public static final class AUTOC_ {
        public static final int PMA_PMD_10G = 0b11 << 7;
        public static final int AN_RESTART = 1 << 12;
        /** Link mode select; 011b is 10 GbE serial link (KX4/KR, no autonegotiation). */
        public static final int LMS = 0b111 << 13;
        public static final int LMS_10G_SERIAL = 0b011;
    }

    // 8.2.3.22.20 Link Status Register
    public static final int LINKS = 0x042A4;
    public static final class LINKS_ {
        public static final int LINK_SPEED = 0b11 << 28;
        public static final int LINK_SPEED_10G = 0b11;
        public static final int LINK_SPEED_1G = 0b10;
        public static final int LINK_SPEED_100M = 0b01;
        public static final int LINK_UP = 1 << 30;
    }

    // ---- Transmit --------------------------------------------------------------------------

    // 8.2.3.9.5 Transmit Descriptor Base Address Low
    public static int TDBAL(final int q) {
        return txQueueBlock(q);
    }

    // 8.2.3.9.6 Transmit Descriptor Base Address High
    public static int TDBAH(final int q) {
        return txQueueBlock(q) + 0x04;
    }

    // 8.2.3.9.7 Transmit Descriptor Length
    public static int TDLEN(final int q) {
        return txQueueBlock(q) + 0x08;
    }

    // 8.2.3.11.2 Tx DCA Control Registers
    public static int DCA_TXCTRL(final int q) {
        return txQueueBlock(q) + 0x0C;
    }

    public static final class DCA_TXCTRL_ {
        /** Relaxed ordering of descriptor write-back; must be off for head write-back. */
        public static final int TX_DESC_WRO_EN = 1 << 11;
    }

    // 8.2.3.9.8 Transmit Descriptor Head
    public static int TDH(final int q) {
        return txQueueBlock(q) + 0x10;
    }

    // 8.2.3.9.9 Transmit Descriptor Tail
    public static int TDT(final int q) {
        return txQueueBlock(q) + 0x18;
    }

    // 8.2.3.9.10 Transmit Descriptor Control
    public static int TXDCTL(final int q) {
        return txQueueBlock(q) + 0x28;
    }

    public static final class TXDCTL_ {
        public static final int PTHRESH = 0x7F;
        public static final int HTHRESH = 0x7F << 8;
        public static final int WTHRESH = 0x7F << 16;
        public static final int ENABLE = 1 << 25;
        public static final int SWFLSH = 1 << 26;
    }

    // 8.2.3.9.11 Tx Descriptor Completion Write Back Address Low
    public static int TDWBAL(final int q) {
        return txQueueBlock(q) + 0x38;
    }

    // 8.2.3.9.12 Tx Descriptor Completion Write Back Address High
    public static int TDWBAH(final int q) {
        return txQueueBlock(q) + 0x3C;
    }

    public static final class TDWBAL_ {
        /** Head write-back enable. */
        public static final int HEAD_WB_EN = 1;
        /** Bits 31:2 of the write-back address. */
        public static final int HEAD_WB_LOW = 0xFFFFFFFC;
    }

    // 8.2.3.9.2 DMA Tx Control
    public static final int DMATXCTL = 0x04A80;
    public static final class DMATXCTL_ {
        /** Transmit enable, device-global. */
        public static final int TE = 1;
    }

    // 8.2.3.9.13 Transmit Packet Buffer Size, n < 8
    public static int TXPBSIZE(final int n) {
        return indexed(0x0CC00, 4, n, 8, "TXPBSIZE");
    }

    // 8.2.3.9.16 Tx Packet Buffer Threshold, n < 8
    public static int TXPBTHRESH(final int n) {
        return indexed(0x04950, 4, n, 8, "TXPBTHRESH");
    }

    public static final class TXPBTHRESH_ {
        public static final int THRESH = 0x3FF;
    }

    // 8.2.3.9.1 DMA Tx TCP Max Allow Size Requests
    public static final int DTXMXSZRQ = 0x08100;
    public static final class DTXMXSZRQ_ {
        public static final int MAX_BYTES_NUM_REQ = 0xFFF;
    }

    // 8.2.3.10.2 DCB Transmit Descriptor Plane Control and Status
    public static final int RTTDCS = 0x04900;
    public static final class RTTDCS_ {
        /** DCB arbiter disable. */
        public static final int ARBDIS = 1 << 6;
    }

    // 8.2.3.10.14 DCB Transmit Descriptor Plane Queue Select
    public static final int RTTDQSEL = 0x04904;
    // 8.2.3.10.15 DCB Transmit Descriptor Plane T1 Config
    public static final int RTTDT1C = 0x04908;

    // 8.2.3.9.14 Multiple Transmit Queues Command Register
    public static final int MTQC = 0x08120;

    // 8.2.3.10.14 Tx Queue Statistic Mapping Registers, n < 32
    public static int TQSM(final int n) {
        return indexed(0x08600, 4, n, 32, "TQSM");
    }

    // ---- Statistics (8.2.3.23; every counter is clear-on-read) ------------------------------

    public static final int CRCERRS = 0x04000;
    public static final int ILLERRC = 0x04004;
    public static final int ERRBC = 0x04008;
    public static final int MSPDC = 0x04010;
    public static final int MLFC = 0x04034;
    public static final int MRFC = 0x04038;
    public static final int RLEC = 0x04040;
    public static final int PRC64 = 0x0405C;
    public static final int PRC127 = 0x04060;
    public static final int PRC255 = 0x04064;
    public static final int PRC511 = 0x04068;
    public static final int PRC1023 = 0x0406C;
    public static final int PRC1522 = 0x04070;
    /** Good packets received (counts frames later dropped for lack of descriptors: an erratum). */
    public static final int GPRC = 0x04074;
    public static final int BPRC = 0x04078;
    public static final int MPRC = 0x0407C;
    public static final int GPTC = 0x04080;
    public static final int GORCL = 0x04088;
    public static final int GORCH = 0x0408C;
    public static final int GOTCL = 0x04090;
    public static final int GOTCH = 0x04094;
    public static final int RUC = 0x040A4;
    public static final int RFC = 0x040A8;
    public static final int ROC = 0x040AC;
    public static final int RJC = 0x040B0;
    public static final int TORL = 0x040C0;
    public static final int TORH = 0x040C4;
    public static final int TPR = 0x040D0;
    public static final int TPT = 0x040D4;
    public static final int PTC64 = 0x040D8;
    public static final int PTC127 = 0x040DC;
    public static final int PTC255 = 0x040E0;
    public static final int PTC511 = 0x040E4;
    public static final int PTC1023 = 0x040E8;
    public static final int PTC1522 = 0x040EC;
    public static final int MPTC = 0x040F0;
    public static final int BPTC = 0x040F4;
    public static final int RXDGPC = 0x02F50;
    public static final int RXDDGPC = 0x02F5C;
    public static final int RXNFGPC = 0x041B0;

    // 8.2.3.23.4 Missed Packets Count, n < 8 (receive packet buffer n full)
    public static int MPC(final int n) {
        return indexed(0x03FA0, 4, n, 8, "MPC");
    }

    // 8.2.3.23.5 Receive No Buffers Count, n < 8
    public static int RNBC(final int n) {
        return indexed(0x03FC0, 4, n, 8, "RNBC");
    }

    // 8.2.3.23.71 Queue Packets Received Count, n < 16
    public static int QPRC(final int n) {
        return indexed(0x01030, 0x40, n, 16, "QPRC");
    }

    // 8.2.3.23.73 Queue Bytes Received Count Low / High, n < 16
    public static int QBRC_L(final int n) {
        return indexed(0x01034, 0x40, n, 16, "QBRC_L");
    }

    public static int QBRC_H(final int n) {
        return indexed(0x01038, 0x40, n, 16, "QBRC_H");
    }

    // 8.2.3.23.72 Queue Packets Received Drop Count, n < 16
    public static int QPRDC(final int n) {
        return indexed(0x01430, 0x40, n, 16, "QPRDC");
    }

    // 8.2.3.23.74 Queue Packets Transmitted Count, n < 16
    public static int QPTC(final int n) {
        return indexed(0x06030, 0x40, n, 16, "QPTC");
    }

    // 8.2.3.23.75 Queue Bytes Transmitted Count Low / High, n < 16
    public static int QBTC_L(final int n) {
        return indexed(0x08700, 8, n, 16, "QBTC_L");
    }

    public static int QBTC_H(final int n) {
        return indexed(0x08704, 8, n, 16, "QBTC_H");
    }

    // ---- Field helpers ---------------------------------------------------------------------

    /** The value of the field {@code mask} (a contiguous run of ones) in {@code register}. */
    public static int field(final int register, final int mask) {
        return (register & mask) >>> Integer.numberOfTrailingZeros(mask);
    }

    /**
     * {@code register} with the field {@code mask} set to {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} does not fit in the field
     */
    public static int withField(final int register, final int mask, final int value) {
        final int shift = Integer.numberOfTrailingZeros(mask);
        if ((value & ~(mask >>> shift)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "value 0x%x does not fit in field mask 0x%08x", value, mask));
        }
        return (register & ~mask) | (value << shift);
    }

    /** Sets the bits {@code bits} of the register at {@code offset}, leaving the others (read, modify, write). */
    public static void set(final RegisterSpace regs, final int offset, final int bits) {
        regs.write(offset, regs.read(offset) | bits);
    }

    /** Clears the bits {@code bits} of the register at {@code offset}, leaving the others. */
    public static void clear(final RegisterSpace regs, final int offset, final int bits) {
        regs.write(offset, regs.read(offset) & ~bits);
    }

    /**
     * Sets the field {@code mask} of the register at {@code offset} to {@code value}, leaving the
     * other fields.
     *
     * @throws IllegalArgumentException if {@code value} does not fit in the field
     */
    public static void writeField(final RegisterSpace regs, final int offset, final int mask, final int value) {
        regs.write(offset, withField(regs.read(offset), mask, value));
    }
}
