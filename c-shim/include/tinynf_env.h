/*
 * TinyNF's environment layer (github.com/dslab-epfl/tinynf, branch osdi20, folder code/env/), as
 * the shim implements it. Declared here from memory of the original headers, which this project
 * never copies: c-shim/README.md says which signatures were not verified and gives the command that
 * checks them against a checkout (gcc reports "conflicting types" for any that differ).
 *
 * With -DNICSHIM_ORIGINAL_TYPES, struct tn_pci_address comes from TinyNF's own env/pci.h, included
 * before this header; that is how the check compiles the two side by side.
 */
#ifndef NICSHIM_TINYNF_ENV_H
#define NICSHIM_TINYNF_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef NICSHIM_ORIGINAL_TYPES
/* env/pci.h: a PCI address, passed by value. */
struct tn_pci_address {
	uint8_t bus;
	uint8_t device;
	uint8_t function;
};
#endif

/* env/memory.h: allocates zeroed, physically contiguous memory that the card can DMA to, in a
 * hugepage of its own (here: whole 2 MiB pages of the model's host memory). */
bool tn_mem_allocate(size_t size, uintptr_t* out_addr);

/* env/memory.h: frees memory from tn_mem_allocate (here: a no-op, memory is not reused). */
void tn_mem_free(uintptr_t addr);

/* env/memory.h: maps physical [addr, addr + size), which TinyNF does for BAR0. */
bool tn_mem_phys_to_virt(uintptr_t addr, size_t size, uintptr_t* out_virt_addr);

/* env/memory.h: the physical address of a virtual one. */
bool tn_mem_virt_to_phys(uintptr_t addr, uintptr_t* out_phys_addr);

/* env/pci.h: 32-bit configuration space access; `reg` is the byte offset. */
uint32_t tn_pci_read(struct tn_pci_address address, uint8_t reg);
void tn_pci_write(struct tn_pci_address address, uint8_t reg, uint32_t value);

/* env/time.h: sleeps at least `microseconds`. */
void tn_sleep_us(uint64_t microseconds);

#endif
