/*
 * tn_forward: a minimal TinyNF-style forwarder in C, our own, written only against TinyNF's
 * environment functions (tinynf_env.h), so that the tests exercise the shim and the harness's
 * `external` command the way the original TinyNF does. Two ports, forwarding both ways, frames
 * unchanged. It is the Java TinyNF driver's data path (driver-tinynf, Agent and QueueSetup) cut down
 * to one output per agent; see there for the datasheet sections.
 *
 *   tn_forward [--bug descriptor-after-doorbell] 00:00.0 00:00.1
 *
 * It prints "tn_forward: ready" once both ports forward, and runs until killed.
 *
 * --bug descriptor-after-doorbell seeds the bug the model found in the original TinyNF: the
 * receive tail (RDT) hands the descriptors to the card before their buffer addresses are written,
 * with the gap a slow address translation opens (100 ms here). Strict mode must report it as
 * DESCRIPTOR_CHANGED_WHILE_OWNED when a frame uses such a descriptor.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinynf_env.h"

#define RING_SIZE 256u          /* descriptors per ring, a power of two */
#define BUFFER_SIZE 2048u       /* SRRCTL.BSIZEPACKET = 2 KiB */
#define FLUSH_PERIOD 8u         /* transmit tail written every this many frames, and when idle */
#define RECYCLE_PERIOD 64u      /* RS (and so a head write-back) on one descriptor in this many */

/* Registers (82599 datasheet 8.2.3), queue 0 only. */
enum {
	CTRL = 0x00000, STATUS = 0x00008, CTRL_EXT = 0x00018, EIMC = 0x00888, EEC = 0x10010,
	RDBAL = 0x01000, RDBAH = 0x01004, RDLEN = 0x01008, DCA_RXCTRL = 0x0100C, SRRCTL = 0x01014, RDT = 0x01018,
	RXDCTL = 0x01028, RDRXCTL = 0x02F00, RXCTRL = 0x03000, HLREG0 = 0x04240, DMATXCTL = 0x04A80,
	FCTRL = 0x05080, TDBAL = 0x06000, TDBAH = 0x06004, TDLEN = 0x06008, DCA_TXCTRL = 0x0600C, TDT = 0x06018,
	TXDCTL = 0x06028, TDWBAL = 0x06038, TDWBAH = 0x0603C, SECRXCTRL = 0x08D00, SECRXSTAT = 0x08D04,
};

/* Legacy transmit command bits in qword1 (datasheet 7.2.3.2.2) and the receive DD bit (7.1.5). */
#define TX_EOP (1ull << 24)
#define TX_IFCS (1ull << 25)
#define TX_RS (1ull << 27)
#define RX_DD (1ull << 32)

struct descriptor {
	uint64_t buffer;   /* qword0: kept by legacy write-back, so written once */
	uint64_t command;  /* qword1: receive write-back (length, DD) or transmit command */
};

/* One direction: receive queue 0 of `input`, transmit queue 0 of `output`, one ring shared by both
 * (TinyNF's merged ring: descriptor n points at buffer n, forever). */
struct agent {
	volatile uint8_t* input;
	volatile uint8_t* output;
	struct descriptor* ring;
	volatile uint32_t* head; /* the output's transmit head, written back by the card */
	unsigned processed;      /* next slot to look at */
	unsigned receive_tail;   /* RDT as last written */
	unsigned unflushed;      /* frames given to the output since TDT was last written */
};

static const char* seeded_bug;

static void die(const char* what)
{
	fprintf(stderr, "tn_forward: %s\n", what);
	exit(1);
}

static uint32_t reg_read(volatile uint8_t* bar, uint32_t offset)
{
	return atomic_load_explicit((_Atomic uint32_t*) (bar + offset), memory_order_acquire);
}

/* A release store: everything written before it (descriptors, buffers) is visible to the card first. */
static void reg_write(volatile uint8_t* bar, uint32_t offset, uint32_t value)
{
	atomic_store_explicit((_Atomic uint32_t*) (bar + offset), value, memory_order_release);
}

static void reg_set(volatile uint8_t* bar, uint32_t offset, uint32_t bits)
{
	reg_write(bar, offset, reg_read(bar, offset) | bits);
}

static void reg_clear(volatile uint8_t* bar, uint32_t offset, uint32_t bits)
{
	reg_write(bar, offset, reg_read(bar, offset) & ~bits);
}

/* TinyNF's waits: up to 10 polls over 1 s (the datasheet gives no timeouts). */
static void wait_until(volatile uint8_t* bar, uint32_t offset, uint32_t mask, uint32_t expected, const char* what)
{
	for (int poll = 0; poll < 10; poll++) {
		if ((reg_read(bar, offset) & mask) == expected) {
			return;
		}
		tn_sleep_us(100000);
	}
	fprintf(stderr, "tn_forward: %s never happened (register 0x%05x = 0x%08x)\n", what, offset, reg_read(bar, offset));
	exit(1);
}

static void* allocate(size_t size, uint64_t* phys)
{
	uintptr_t virt, physical;
	if (!tn_mem_allocate(size, &virt) || !tn_mem_virt_to_phys(virt, &physical)) {
		die("cannot allocate DMA memory");
	}
	*phys = physical;
	return (void*) virt;
}

/* PCI checks and BAR0 (as tn_net_device_init), then the device-wide bring-up of datasheet 4.6.3. */
static volatile uint8_t* device_init(const char* text)
{
	unsigned bus, device, function;
	if (sscanf(text, "%x:%x.%x", &bus, &device, &function) != 3) {
		die("a PCI address is bus:device.function, e.g. 00:00.0");
	}
	struct tn_pci_device address = {.bus = (uint8_t) bus, .device = (uint8_t) device, .function = (uint8_t) function};
	if (tn_pci_read(address, 0x00) != 0x10FB8086u) {
		die("the PCI device is not an 82599ES (8086:10FB)");
	}
	if ((tn_pci_read(address, 0x44) & 3) != 0) {
		die("the PCI device is not in power state D0");
	}
	tn_pci_write(address, 0x04, tn_pci_read(address, 0x04) | (1u << 2)); /* bus master enable */
	uint32_t low = tn_pci_read(address, 0x10);
	if ((low & 0x6) != 0x4) {
		die("BAR0 is not a 64-bit memory BAR");
	}
	uint64_t bar_phys = ((uint64_t) tn_pci_read(address, 0x14) << 32) | (low & ~0xFu);
	uintptr_t bar_virt;
	if (!tn_mem_phys_to_virt(bar_phys, 128 * 1024, &bar_virt)) {
		die("cannot map BAR0");
	}
	volatile uint8_t* bar = (volatile uint8_t*) bar_virt;
	/* 5.2.5.3.2: master disable before the reset. */
	reg_set(bar, CTRL, 1u << 2);
	wait_until(bar, STATUS, 1u << 19, 0, "STATUS.PCIE_MASTER_ENABLE_STATUS clearing");
	/* 4.6.3.2: global reset (CTRL.RST | LNK_RST), then 10 ms. */
	reg_set(bar, CTRL, (1u << 26) | (1u << 3));
	tn_sleep_us(1000);
	wait_until(bar, CTRL, (1u << 26) | (1u << 3), 0, "CTRL.RST clearing");
	tn_sleep_us(10000);
	reg_write(bar, EIMC, 0x7FFFFFFFu); /* no interrupts */
	wait_until(bar, EEC, 1u << 9, 1u << 9, "EEC.AUTO_RD");
	wait_until(bar, RDRXCTL, 1u << 3, 1u << 3, "RDRXCTL.DMAIDONE");
	/* CRC stripped on receive, in both places that must agree; FCS appended and short frames padded on transmit. */
	reg_set(bar, HLREG0, (1u << 1) | 1u | (1u << 10));
	reg_set(bar, RDRXCTL, 1u << 1);
	reg_set(bar, FCTRL, (1u << 9) | (1u << 8) | (1u << 10)); /* promiscuous: UPE, MPE, BAM */
	return bar;
}

/* 4.6.8, transmit queue 0 of the agent's output, head write-back on (TinyNF's shared ring needs it:
 * a DD set by transmit would read as a received frame). */
static void add_output(struct agent* a, uint64_t ring_phys, uint64_t head_phys)
{
	volatile uint8_t* bar = a->output;
	reg_write(bar, TDBAH, (uint32_t) (ring_phys >> 32));
	reg_write(bar, TDBAL, (uint32_t) ring_phys);
	reg_write(bar, TDLEN, RING_SIZE * sizeof(struct descriptor));
	reg_write(bar, TXDCTL, (reg_read(bar, TXDCTL) & ~0x7F7Fu) | 60u | (4u << 8)); /* PTHRESH 60, HTHRESH 4 */
	reg_write(bar, TDWBAH, (uint32_t) (head_phys >> 32));
	reg_write(bar, TDWBAL, (uint32_t) head_phys | 1u); /* HEAD_WB_EN */
	reg_clear(bar, DCA_TXCTRL, 1u << 11);              /* no relaxed ordering of the write-back */
	reg_set(bar, DMATXCTL, 1u);                        /* TE */
	reg_set(bar, TXDCTL, 1u << 25);
	wait_until(bar, TXDCTL, 1u << 25, 1u << 25, "TXDCTL.ENABLE");
}

/* 4.6.7, receive queue 0 of the agent's input: 2 KiB legacy buffers, DROP_EN, then RDT = N - 1. */
static void set_input(struct agent* a, uint64_t ring_phys)
{
	volatile uint8_t* bar = a->input;
	reg_write(bar, RDBAH, (uint32_t) (ring_phys >> 32));
	reg_write(bar, RDBAL, (uint32_t) ring_phys);
	reg_write(bar, RDLEN, RING_SIZE * sizeof(struct descriptor));
	reg_write(bar, SRRCTL, (reg_read(bar, SRRCTL) & ~(0x1Fu | (7u << 25))) | (BUFFER_SIZE / 1024) | (1u << 28));
	reg_set(bar, RXDCTL, 1u << 25);
	wait_until(bar, RXDCTL, 1u << 25, 1u << 25, "RXDCTL.ENABLE");
	reg_write(bar, RDT, RING_SIZE - 1);
	a->receive_tail = RING_SIZE - 1;
	if ((reg_read(bar, RXCTRL) & 1u) == 0) {
		reg_set(bar, SECRXCTRL, 1u << 1);
		wait_until(bar, SECRXSTAT, 1u, 1u, "SECRXSTAT.SECRX_RDY");
		reg_set(bar, RXCTRL, 1u);
		reg_clear(bar, SECRXCTRL, 1u << 1);
		reg_set(bar, CTRL_EXT, 1u << 16); /* NS_DIS */
	}
	reg_clear(bar, DCA_RXCTRL, 1u << 12);
}

/* Descriptor n points at buffer n. In the seeded bug this happens after RDT (set_input), with the
 * wait a slow translation costs per address before the first is written. */
static void write_buffer_addresses(struct agent* a, uint64_t buffers_phys)
{
	for (unsigned n = 0; n < RING_SIZE; n++) {
		if (seeded_bug != NULL && n == 0) {
			/* Long enough for the model's engine to see RDT first even on a busy machine. */
			tn_sleep_us(100000);
		}
		a->ring[n].buffer = buffers_phys + (uint64_t) n * BUFFER_SIZE;
	}
}

static void agent_init(struct agent* a, volatile uint8_t* input, volatile uint8_t* output)
{
	uint64_t buffers_phys, ring_phys, head_phys;
	allocate(RING_SIZE * BUFFER_SIZE, &buffers_phys);
	a->ring = allocate(RING_SIZE * sizeof(struct descriptor), &ring_phys);
	a->head = allocate(64, &head_phys);
	a->input = input;
	a->output = output;
	if (seeded_bug == NULL) {
		/* The right order: the descriptors point at buffers before RDT hands them to the card. */
		write_buffer_addresses(a, buffers_phys);
		add_output(a, ring_phys, head_phys);
		set_input(a, ring_phys);
	} else {
		add_output(a, ring_phys, head_phys);
		set_input(a, ring_phys);
		write_buffer_addresses(a, buffers_phys);
	}
}

static void flush(struct agent* a)
{
	reg_write(a->output, TDT, a->processed);
	a->unflushed = 0;
}

/* Gives the card back, for receive, every slot the output has sent: RDT one before its head. */
static void recycle(struct agent* a)
{
	uint32_t head = atomic_load_explicit((_Atomic uint32_t*) a->head, memory_order_acquire);
	a->receive_tail = (head - 1) & (RING_SIZE - 1);
	reg_write(a->input, RDT, a->receive_tail);
}

/* One poll: forward the next received frame, if any, unchanged. */
static void agent_poll(struct agent* a)
{
	struct descriptor* d = &a->ring[a->processed];
	uint64_t status = atomic_load_explicit((_Atomic uint64_t*) &d->command, memory_order_acquire);
	if ((status & RX_DD) == 0) {
		if (a->unflushed != 0) {
			flush(a); /* idle: send what is pending rather than wait for a full batch */
		}
		if (a->processed == a->receive_tail) {
			/* The card owns no descriptor: only the head can free one, and with no RS slot coming
			 * it would never be read again (the original TinyNF's lock-up under overload). */
			recycle(a);
		}
		return;
	}
	bool report = (a->processed & (RECYCLE_PERIOD - 1)) == RECYCLE_PERIOD - 1;
	/* The frame goes out of the same buffer: qword1 becomes the transmit command, which also clears
	 * the receive DD for the slot's next use. The TDT release store publishes it. */
	d->command = (status & 0xFFFFu) | TX_EOP | TX_IFCS | (report ? TX_RS : 0);
	a->processed = (a->processed + 1) & (RING_SIZE - 1);
	if (++a->unflushed == FLUSH_PERIOD) {
		flush(a);
	}
	if (report) {
		recycle(a);
	}
}

int main(int argc, char** argv)
{
	int first = 1;
	if (argc >= 3 && strcmp(argv[1], "--bug") == 0) {
		if (strcmp(argv[2], "descriptor-after-doorbell") != 0) {
			die("the only seeded bug is descriptor-after-doorbell");
		}
		seeded_bug = argv[2];
		first = 3;
	}
	if (argc - first != 2) {
		die("usage: tn_forward [--bug descriptor-after-doorbell] 00:00.0 00:00.1");
	}
	volatile uint8_t* port0 = device_init(argv[first]);
	volatile uint8_t* port1 = device_init(argv[first + 1]);
	static struct agent agents[2];
	agent_init(&agents[0], port0, port1);
	agent_init(&agents[1], port1, port0);
	printf("tn_forward: ready%s\n", seeded_bug == NULL ? "" : " (with the seeded bug descriptor-after-doorbell)");
	fflush(stdout);
	for (;;) {
		agent_poll(&agents[0]);
		agent_poll(&agents[1]);
	}
}
