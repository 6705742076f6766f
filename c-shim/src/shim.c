/*
 * The model file, host memory, address translation and PCI configuration space behind every
 * environment function of the shim. See nicshim.h for the contract.
 */
#define _GNU_SOURCE
#include "nicshim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct {
	bool open;
	int ports;
	uint64_t bar0_size;
	volatile uint8_t* bars;   /* the file from bar0_offset on, one BAR0 after the other */
	uint8_t* host;            /* host memory, mapped on a 2 MiB boundary (see map_host) */
	uint64_t host_size;
	uint64_t physical_base;
	uint64_t next_free;       /* bump allocator: offset of the first unused hugepage */
	uint32_t config[NICSHIM_MAX_PORTS][NICSHIM_CONFIG_SIZE / 4];
} shim;

/* PCI configuration space offsets and bits (PCI 3.0; 82599 datasheet 9.3). */
enum {
	CFG_ID = 0x00, CFG_COMMAND = 0x04, CFG_CLASS = 0x08, CFG_HEADER = 0x0C,
	CFG_BAR0_LOW = 0x10, CFG_BAR0_HIGH = 0x14, CFG_SUBSYSTEM = 0x2C, CFG_CAPABILITIES = 0x34,
	CFG_PM_CAP = 0x40, CFG_PMCSR = 0x44,
};

static uint64_t bar0_phys(int port)
{
	return NICSHIM_BAR0_PHYS_BASE + (uint64_t) port * NICSHIM_BAR0_PHYS_STRIDE;
}

/* The configuration space a freshly powered 82599 port shows: in D0, memory space decoding on,
 * bus mastering off (the driver turns it on), a 64-bit non-prefetchable BAR0. */
static void reset_config(int port)
{
	uint32_t* c = shim.config[port];
	memset(c, 0, NICSHIM_CONFIG_SIZE);
	c[CFG_ID / 4] = (NICSHIM_DEVICE_ID << 16) | NICSHIM_VENDOR_ID;
	c[CFG_COMMAND / 4] = (1u << 20) /* status: capabilities list */ | (1u << 1) /* memory space */;
	c[CFG_CLASS / 4] = 0x02000001u; /* class 02 (network), subclass 00 (Ethernet), revision 01 */
	c[CFG_HEADER / 4] = 0x00800000u; /* header type 0, multi-function: the ports are functions */
	/* Bits 2:1 = 10b: a 64-bit BAR; bit 3 = 0: not prefetchable (datasheet table 9-4). */
	c[CFG_BAR0_LOW / 4] = (uint32_t) bar0_phys(port) | 0x4u;
	c[CFG_BAR0_HIGH / 4] = (uint32_t) (bar0_phys(port) >> 32);
	c[CFG_SUBSYSTEM / 4] = (0x000Cu << 16) | NICSHIM_VENDOR_ID;
	c[CFG_CAPABILITIES / 4] = CFG_PM_CAP;
	c[CFG_PM_CAP / 4] = (0x0003u << 16) /* PMC: version 3 */ | 0x01u /* PM capability, last */;
	c[CFG_PMCSR / 4] = 0; /* power state D0 */
}

/* Maps [offset, offset + size) of the file at a virtual address on a 2 MiB boundary, so that a
 * driver that checks the alignment of its hugepages by their virtual address sees what it would on
 * Linux (the physical base is 2 MiB aligned too, so virtual and physical agree modulo 2 MiB). */
static void* map_host(int fd, uint64_t offset, uint64_t size)
{
	uint8_t* reserved = mmap(NULL, size + NICSHIM_HUGEPAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (reserved == MAP_FAILED) {
		return MAP_FAILED;
	}
	uint8_t* aligned = (uint8_t*) (((uintptr_t) reserved + NICSHIM_HUGEPAGE_SIZE - 1) & ~(NICSHIM_HUGEPAGE_SIZE - 1));
	void* host = mmap(aligned, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, (off_t) offset);
	if (host == MAP_FAILED) {
		munmap(reserved, size + NICSHIM_HUGEPAGE_SIZE);
		return MAP_FAILED;
	}
	/* Give back the unused ends of the reservation. */
	if (aligned > reserved) {
		munmap(reserved, (size_t) (aligned - reserved));
	}
	uint8_t* end = aligned + size;
	uint8_t* reservation_end = reserved + size + NICSHIM_HUGEPAGE_SIZE;
	if (reservation_end > end) {
		munmap(end, (size_t) (reservation_end - end));
	}
	return host;
}

static bool fail(const char* what, const char* path)
{
	fprintf(stderr, "nicshim: %s%s%s\n", what, path == NULL ? "" : ": ", path == NULL ? "" : path);
	return false;
}

bool nicshim_open(void)
{
	if (shim.open) {
		return true;
	}
	const char* path = getenv("NICSHIM_MODEL");
	if (path == NULL || path[0] == '\0') {
		return fail("NICSHIM_MODEL is not set; it names the model file the harness's `external` command "
		            "creates (run the driver through that command, or set NICSHIM_MODEL to a model file)", NULL);
	}
	/* Started by the harness: die with it rather than busy-poll a model nobody runs any more. */
	if (getenv("NICSHIM_DIE_WITH_PARENT") != NULL) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	}
	int fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "nicshim: cannot open the model file %s: %s\n", path, strerror(errno));
		return false;
	}
	struct nicshim_header header;
	struct stat st;
	if (fstat(fd, &st) != 0 || pread(fd, &header, sizeof(header), 0) != (ssize_t) sizeof(header)
	    || memcmp(header.magic, "NICMODL1", 8) != 0 || header.version != 1) {
		close(fd);
		return fail("not a model file (magic NICMODL1, version 1 expected)", path);
	}
	if (header.ports < 1 || header.ports > NICSHIM_MAX_PORTS || header.host_offset % 4096 != 0
	    || header.physical_base % NICSHIM_HUGEPAGE_SIZE != 0
	    || (uint64_t) st.st_size < (uint64_t) (header.host_offset + header.host_size)) {
		close(fd);
		return fail("the model file's header is inconsistent (ports, host offset, physical base or size)", path);
	}
	uint64_t bars_size = (uint64_t) header.ports * (uint64_t) header.bar0_size;
	/* The BARs start at 4096, a page boundary: map from the file's start and skip the header. */
	uint8_t* start = mmap(NULL, (size_t) (header.bar0_offset + bars_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	void* host = map_host(fd, (uint64_t) header.host_offset, (uint64_t) header.host_size);
	close(fd);
	if (start == MAP_FAILED || host == MAP_FAILED) {
		return fail("cannot map the model file", path);
	}
	shim.ports = header.ports;
	shim.bar0_size = (uint64_t) header.bar0_size;
	shim.bars = start + header.bar0_offset;
	shim.host = host;
	shim.host_size = (uint64_t) header.host_size;
	shim.physical_base = (uint64_t) header.physical_base;
	shim.next_free = 0;
	for (int p = 0; p < shim.ports; p++) {
		reset_config(p);
	}
	shim.open = true;
	return true;
}

/* Every entry point: without the model file there is no card, and going on would only crash later. */
static void require_open(void)
{
	if (!nicshim_open()) {
		exit(2);
	}
}

int nicshim_ports(void)
{
	require_open();
	return shim.ports;
}

volatile uint8_t* nicshim_bar0(int port)
{
	require_open();
	if (port < 0 || port >= shim.ports) {
		fprintf(stderr, "nicshim: no port %d; the model file has %d\n", port, shim.ports);
		return NULL;
	}
	return shim.bars + (uint64_t) port * shim.bar0_size;
}

void* nicshim_allocate(size_t size)
{
	require_open();
	uint64_t pages = (size + NICSHIM_HUGEPAGE_SIZE - 1) / NICSHIM_HUGEPAGE_SIZE;
	if (pages == 0) {
		pages = 1;
	}
	if (shim.next_free + pages * NICSHIM_HUGEPAGE_SIZE > shim.host_size) {
		fprintf(stderr, "nicshim: host memory exhausted: %zu bytes asked for, %llu of %llu bytes used"
		        " (each allocation takes whole 2 MiB pages; give the model more host memory)\n",
		        size, (unsigned long long) shim.next_free, (unsigned long long) shim.host_size);
		return NULL;
	}
	uint8_t* region = shim.host + shim.next_free;
	shim.next_free += pages * NICSHIM_HUGEPAGE_SIZE;
	/* Host memory is zero when the model creates the file, and never handed out twice, so it is
	 * still zero: no memset, which would touch every page of a large region for nothing. */
	return region;
}

bool nicshim_virt_to_phys(const void* virt, uint64_t* out_phys)
{
	require_open();
	const uint8_t* p = virt;
	if (p >= shim.host && p < shim.host + shim.host_size) {
		*out_phys = shim.physical_base + (uint64_t) (p - shim.host);
		return true;
	}
	const volatile uint8_t* bars_end = shim.bars + (uint64_t) shim.ports * shim.bar0_size;
	if ((const volatile uint8_t*) p >= shim.bars && (const volatile uint8_t*) p < bars_end) {
		uint64_t offset = (uint64_t) ((const volatile uint8_t*) p - shim.bars);
		*out_phys = bar0_phys((int) (offset / shim.bar0_size)) + offset % shim.bar0_size;
		return true;
	}
	fprintf(stderr, "nicshim: %p is neither host memory nor a BAR0, so it has no physical address the card"
	        " can use; allocate DMA memory through the environment\n", virt);
	return false;
}

bool nicshim_phys_to_virt(uint64_t phys, size_t size, void** out_virt)
{
	require_open();
	if (phys >= shim.physical_base && phys - shim.physical_base <= shim.host_size
	    && size <= shim.host_size - (phys - shim.physical_base)) {
		*out_virt = shim.host + (phys - shim.physical_base);
		return true;
	}
	for (int p = 0; p < shim.ports; p++) {
		if (phys >= bar0_phys(p) && phys - bar0_phys(p) <= shim.bar0_size
		    && size <= shim.bar0_size - (phys - bar0_phys(p))) {
			*out_virt = (void*) (shim.bars + (uint64_t) p * shim.bar0_size + (phys - bar0_phys(p)));
			return true;
		}
	}
	fprintf(stderr, "nicshim: physical 0x%llx (+%zu bytes) is neither host memory nor a BAR0 of the model\n",
	        (unsigned long long) phys, size);
	return false;
}

int nicshim_port_of(unsigned bus, unsigned device, unsigned function)
{
	require_open();
	if (bus != 0 || device != 0 || function >= (unsigned) shim.ports) {
		return -1;
	}
	return (int) function;
}

int nicshim_port_of_string(const char* address)
{
	unsigned domain = 0, bus, device, function;
	int port = -1;
	if (sscanf(address, "%x:%x:%x.%x", &domain, &bus, &device, &function) == 4
	    || sscanf(address, "%x:%x.%x", &bus, &device, &function) == 3) {
		port = domain == 0 ? nicshim_port_of(bus, device, function) : -1;
	}
	if (port < 0) {
		fprintf(stderr, "nicshim: no port at PCI address '%s'; the model's ports are 0000:00:00.0 to 0000:00:00.%d\n",
		        address, nicshim_ports() - 1);
	}
	return port;
}

uint32_t nicshim_config_read(int port, unsigned offset)
{
	require_open();
	if (port < 0 || port >= shim.ports || offset >= NICSHIM_CONFIG_SIZE) {
		return 0xFFFFFFFFu;
	}
	return shim.config[port][offset / 4];
}

void nicshim_config_write(int port, unsigned offset, uint32_t value)
{
	require_open();
	if (port < 0 || port >= shim.ports || offset >= NICSHIM_CONFIG_SIZE) {
		return;
	}
	uint32_t* c = shim.config[port];
	switch (offset & ~3u) {
	case CFG_COMMAND:
		/* Command: I/O, memory, bus master, parity, SERR, interrupt disable are writable; the
		 * status half is write-1-to-clear and has nothing to clear here. */
		c[CFG_COMMAND / 4] = (c[CFG_COMMAND / 4] & 0xFFFF0000u) | (value & 0x0547u);
		break;
	case CFG_BAR0_LOW:
		/* Sizing writes all ones and reads back the size mask: 128 KiB, type bits read-only. */
		c[CFG_BAR0_LOW / 4] = (value & ~(uint32_t) (shim.bar0_size - 1) & ~0xFu) | 0x4u;
		break;
	case CFG_BAR0_HIGH:
		c[CFG_BAR0_HIGH / 4] = value;
		break;
	case CFG_PMCSR:
		/* Power state (bits 1:0) and PME status/enable; the shim's card is always in D0 whatever
		 * is written, but it reads back what was written, as a driver checking its write expects. */
		c[CFG_PMCSR / 4] = value & 0x8103u;
		break;
	default:
		break; /* read-only, or not modelled */
	}
}

void nicshim_sleep_us(uint64_t microseconds)
{
	struct timespec left = {.tv_sec = (time_t) (microseconds / 1000000u), .tv_nsec = (long) (microseconds % 1000000u) * 1000};
	while (nanosleep(&left, &left) != 0 && errno == EINTR) {
		/* a signal: sleep the rest */
	}
}
