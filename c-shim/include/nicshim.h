/*
 * nicshim: the environment C user-space drivers need (DMA memory, address translation, PCI
 * configuration space, BAR0, sleeps), answered by the software 82599 of nicharness through its
 * model file (nic-model/README.md, "File-backed mode") instead of by Linux and a real card.
 *
 * The model file is named by the environment variable NICSHIM_MODEL; the harness's `external`
 * command sets it. The shim maps the file on first use and exits with a message naming the
 * problem if it cannot, since no driver can do anything useful without its card.
 *
 * The driver-facing functions have the names and signatures of TinyNF's environment layer
 * (tinynf_env.h) and ixy's (ixy_env.h), so that either original links against this library
 * unchanged. This header is the shim's own interface, used by both and by the tests.
 */
#ifndef NICSHIM_H
#define NICSHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the shim emulates: 2 MiB hugepages, each allocation getting whole pages of its own. */
#define NICSHIM_HUGEPAGE_SIZE (2ull * 1024 * 1024)
/* The most ports a model file may have for the shim (the harness makes two). */
#define NICSHIM_MAX_PORTS 8
/* The size of the PCI configuration space the shim answers (the conventional 256 bytes). */
#define NICSHIM_CONFIG_SIZE 256
/* BAR0 of port p appears at physical address NICSHIM_BAR0_PHYS_BASE + p * NICSHIM_BAR0_PHYS_STRIDE:
 * below 4 GiB, so it never overlaps the model's host memory, which starts at 4 GiB. */
#define NICSHIM_BAR0_PHYS_BASE 0xF0000000ull
#define NICSHIM_BAR0_PHYS_STRIDE 0x00100000ull

/* The PCI identity of every port: an 82599ES SFP+ (vendor 8086, device 10FB). */
#define NICSHIM_VENDOR_ID 0x8086u
#define NICSHIM_DEVICE_ID 0x10FBu

/* The model file's header (nic-model/README.md): every field little-endian, as x86 is. */
struct nicshim_header {
	char magic[8];          /* "NICMODL1" */
	int32_t version;        /* 1 */
	int32_t ports;
	int64_t bar0_size;      /* 131072 */
	int64_t bar0_offset;    /* 4096 */
	int64_t host_offset;    /* 4096 + ports * bar0_size */
	int64_t host_size;
	int64_t physical_base;  /* physical address of host memory's first byte */
};

/* Maps the model file now (otherwise the first call of any function does); false with a message
 * on stderr if it cannot. Idempotent. */
bool nicshim_open(void);

/* Ports in the model file (maps it first). */
int nicshim_ports(void);

/* Port p's BAR0, mapped from the file; NULL (with a message) if there is no such port. */
volatile uint8_t* nicshim_bar0(int port);

/* A zeroed region of host memory of at least `size` bytes, starting on a 2 MiB page of its own
 * and made of whole pages (contiguous, as the model's host memory is one region); NULL with a
 * message when host memory is exhausted. Memory is never reused: a driver allocates at start-up. */
void* nicshim_allocate(size_t size);

/* Physical address of a byte of host memory or BAR0; false if `virt` is neither. */
bool nicshim_virt_to_phys(const void* virt, uint64_t* out_phys);

/* Virtual address of physical [phys, phys + size) in host memory or in a BAR0; false if neither. */
bool nicshim_phys_to_virt(uint64_t phys, size_t size, void** out_virt);

/* PCI configuration space of port p: 32-bit reads and writes at a 4-byte aligned offset below
 * NICSHIM_CONFIG_SIZE. A port that does not exist reads as all ones, as an empty slot does. */
uint32_t nicshim_config_read(int port, unsigned offset);
void nicshim_config_write(int port, unsigned offset, uint32_t value);

/* The port of PCI address bus:device.function: the model's ports sit at 00:00.0, 00:00.1, ...;
 * -1 for any other address. */
int nicshim_port_of(unsigned bus, unsigned device, unsigned function);

/* The port of a PCI address written as ixy and Linux write it, "0000:00:00.1" (domain optional);
 * -1 with a message if it names none of the model's ports. */
int nicshim_port_of_string(const char* address);

/* Sleeps at least `microseconds` (signals do not cut it short). */
void nicshim_sleep_us(uint64_t microseconds);

#endif
