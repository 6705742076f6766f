/*
 * The shim's own test: makes a model file with the layout of nic-model/README.md (as the model's
 * ModelFiles.create does), points NICSHIM_MODEL at it, and checks every environment function of
 * TinyNF's and ixy's against the file. Run by `make test`, which the Maven build runs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ixy_pci.h"
#include "memory.h" /* the ixy stand-in */
#include "nicshim.h"
#include "tinynf_env.h"

static int checks, failures;

#define CHECK(condition)                                                                   \
	do {                                                                                   \
		checks++;                                                                          \
		if (!(condition)) {                                                                \
			failures++;                                                                    \
			fprintf(stderr, "shim_test: %s:%d: failed: %s\n", __FILE__, __LINE__, #condition); \
		}                                                                                  \
	} while (0)

enum { PORTS = 2, BAR0_SIZE = 128 * 1024, HEADER_SIZE = 4096 };
static const uint64_t HOST_SIZE = 16ull << 20;
static const uint64_t PHYSICAL_BASE = 0x100000000ull; /* the model's default: 4 GiB */

static void make_model_file(const char* path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t) (HEADER_SIZE + PORTS * BAR0_SIZE + HOST_SIZE)) != 0) {
		perror(path);
		exit(1);
	}
	struct nicshim_header h = {.version = 1, .ports = PORTS, .bar0_size = BAR0_SIZE, .bar0_offset = HEADER_SIZE,
	                           .host_offset = HEADER_SIZE + PORTS * BAR0_SIZE, .host_size = (int64_t) HOST_SIZE,
	                           .physical_base = (int64_t) PHYSICAL_BASE};
	memcpy(h.magic, "NICMODL1", 8);
	if (pwrite(fd, &h, sizeof(h), 0) != (ssize_t) sizeof(h)) {
		perror(path);
		exit(1);
	}
	close(fd);
}

static uint32_t file_word(const char* path, uint64_t offset)
{
	uint32_t value = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &value, 4, (off_t) offset) != 4) {
		perror(path);
		exit(1);
	}
	close(fd);
	return value;
}

static void test_tinynf_memory(void)
{
	uintptr_t a, b, phys_a, phys_b, back;
	CHECK(tn_mem_allocate(64, &a));
	CHECK(tn_mem_allocate(5u << 20, &b)); /* 5 MiB: three pages */
	CHECK(a % NICSHIM_HUGEPAGE_SIZE == 0 && b % NICSHIM_HUGEPAGE_SIZE == 0);
	CHECK(b == a + NICSHIM_HUGEPAGE_SIZE); /* each allocation gets pages of its own */
	CHECK(tn_mem_virt_to_phys(a, &phys_a) && tn_mem_virt_to_phys(b + 12345, &phys_b));
	CHECK(phys_a == PHYSICAL_BASE); /* the first allocation is the start of host memory */
	CHECK(phys_b == PHYSICAL_BASE + NICSHIM_HUGEPAGE_SIZE + 12345);
	CHECK(tn_mem_phys_to_virt(phys_b, 100, &back) && back == b + 12345);
	CHECK(*(volatile uint64_t*) (b + (5u << 20) - 8) == 0); /* zeroed to its end */
	uintptr_t c;
	/* 16 MiB of host memory, 4 pages used: 12 MiB left, so 13 MiB cannot fit. */
	CHECK(!tn_mem_allocate(13u << 20, &c));
	CHECK(!tn_mem_virt_to_phys((uintptr_t) &checks, &back)); /* not DMA memory */
	CHECK(!tn_mem_phys_to_virt(PHYSICAL_BASE + HOST_SIZE - 8, 16, &back)); /* runs past host memory */
	tn_mem_free(a);
}

static void test_tinynf_pci(const char* path)
{
	struct tn_pci_device port0 = {.bus = 0, .device = 0, .function = 0}, port1 = {.bus = 0, .device = 0, .function = 1},
	                     none = {.bus = 3, .device = 0, .function = 0};
	CHECK(tn_pci_read(port1, 0x00) == 0x10FB8086u);
	CHECK(tn_pci_read(port0, 0x08) >> 24 == 0x02); /* network controller */
	CHECK(tn_pci_read(none, 0x00) == 0xFFFFFFFFu);
	CHECK((tn_pci_read(port0, 0x44) & 3) == 0); /* PMCSR: D0 */
	uint32_t low = tn_pci_read(port1, 0x10), high = tn_pci_read(port1, 0x14);
	CHECK((low & 0x6) == 0x4); /* a 64-bit memory BAR */
	uint64_t bar = ((uint64_t) high << 32) | (low & ~0xFu);
	uintptr_t virt;
	CHECK(tn_mem_phys_to_virt(bar, 128 * 1024, &virt));
	/* The BAR0 mapping is the file: RDT(0) of port 1 at 4096 + 128 KiB + 0x1018. */
	*(volatile uint32_t*) (virt + 0x1018) = 0xABCD;
	CHECK(file_word(path, HEADER_SIZE + BAR0_SIZE + 0x1018) == 0xABCD);
	CHECK(virt == (uintptr_t) nicshim_bar0(1));
	/* Bus mastering: off until the driver turns it on. */
	CHECK((tn_pci_read(port0, 0x04) & 4) == 0);
	tn_pci_write(port0, 0x04, tn_pci_read(port0, 0x04) | 4);
	CHECK((tn_pci_read(port0, 0x04) & 4) != 0);
	/* BAR sizing: all ones read back as the 128 KiB mask with the type bits; then restore. */
	tn_pci_write(port0, 0x10, 0xFFFFFFFFu);
	CHECK(tn_pci_read(port0, 0x10) == 0xFFFE0004u);
	tn_pci_write(port0, 0x10, (uint32_t) NICSHIM_BAR0_PHYS_BASE);
	CHECK(tn_pci_read(port0, 0x10) == ((uint32_t) NICSHIM_BAR0_PHYS_BASE | 4));
}

static void test_ixy(void)
{
	CHECK(pci_map_resource("0000:00:00.1") == (uint8_t*) nicshim_bar0(1));
	CHECK((nicshim_config_read(1, 0x04) & 4) != 0); /* mapping enabled DMA, as ixy's does */
	int config = pci_open_resource("0000:00:00.0", "config", O_RDONLY);
	uint16_t vendor = 0, device = 0;
	uint32_t class_id = 0;
	CHECK(config >= 0 && pread(config, &vendor, 2, 0) == 2 && pread(config, &device, 2, 2) == 2
	      && pread(config, &class_id, 4, 8) == 4);
	CHECK(vendor == 0x8086 && device == 0x10FB && class_id >> 24 == 2);
	close(config);
	struct dma_memory dma = memory_allocate_dma(4096, true);
	CHECK(dma.virt != NULL && dma.phy == virt_to_phys(dma.virt) && dma.phy % NICSHIM_HUGEPAGE_SIZE == 0);
	struct mempool* pool = memory_allocate_mempool(8, 0);
	struct pkt_buf* bufs[10];
	CHECK(pkt_buf_alloc_batch(pool, bufs, 10) == 8); /* only 8 in the pool */
	CHECK(bufs[0]->buf_addr_phy == virt_to_phys(bufs[0]) && bufs[0]->mempool == pool);
	CHECK((uintptr_t) bufs[1]->data % 64 == 0);
	CHECK(pkt_buf_alloc(pool) == NULL);
	pkt_buf_free(bufs[3]);
	CHECK(pkt_buf_alloc(pool) == bufs[3]);
}

static void test_sleep(void)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tn_sleep_us(2000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long elapsed_us = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
	CHECK(elapsed_us >= 2000);
}

int main(void)
{
	char path[] = "/tmp/nicshim-test-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		return 1;
	}
	close(fd);
	make_model_file(path);
	setenv("NICSHIM_MODEL", path, 1);
	CHECK(nicshim_open());
	CHECK(nicshim_ports() == PORTS);
	test_tinynf_memory();
	test_tinynf_pci(path);
	test_ixy(); /* after the TinyNF allocations: 12 MiB of host memory are left */
	test_sleep();
	unlink(path);
	printf("shim_test: %d checks, %d failed\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
