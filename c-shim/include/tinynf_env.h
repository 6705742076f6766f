/*
 * TinyNF's environment layer (github.com/dslab-epfl/tinynf, folder code/env/: memory.h, pci.h and
 * time.h, read at commit 3549a86), as the shim implements it: the same names, argument types and
 * struct layout, declared in our words. c-shim/README.md gives the command that checks them
 * against a checkout (gcc reports "conflicting types" for any that differ).
 *
 * With -DNICSHIM_ORIGINAL_TYPES, struct tn_pci_device comes from TinyNF's own env/pci.h, included
 * before this header; that is how the check compiles the two side by side.
 */
#ifndef NICSHIM_TINYNF_ENV_H
#define NICSHIM_TINYNF_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef NICSHIM_ORIGINAL_TYPES
/* env/pci.h: a PCI address, passed by value, padded to 8 bytes as the original is. */
struct tn_pci_device {
	uint8_t bus;
	uint8_t device;
	uint8_t function;
	uint8_t _padding[5];
};
#endif

/* env/memory.h: allocates zeroed, physically contiguous memory that the card can DMA to, in a
 * hugepage of its own (here: whole 2 MiB pages of the model's host memory). */
bool tn_mem_allocate(uint64_t size, uintptr_t* out_addr);

/* env/memory.h: frees memory from tn_mem_allocate (here: a no-op, memory is not reused). */
void tn_mem_free(uintptr_t addr);

/* env/memory.h: maps physical [addr, addr + size), which TinyNF does for BAR0. */
bool tn_mem_phys_to_virt(uintptr_t addr, uint64_t size, uintptr_t* out_virt_addr);

/* env/memory.h: the physical address of a virtual one. */
bool tn_mem_virt_to_phys(uintptr_t addr, uintptr_t* out_phys_addr);

/* env/pci.h: 32-bit configuration space access; `reg` is the byte offset. */
uint32_t tn_pci_read(struct tn_pci_device address, uint8_t reg);
void tn_pci_write(struct tn_pci_device address, uint8_t reg, uint32_t value);

/* env/time.h: sleeps at least `microseconds`. */
void tn_sleep_us(uint64_t microseconds);

#endif
