/*
 * A stand-in for ixy's src/memory.h, for the shim's tests only: our own declarations of the
 * types and functions src/ixy_memory.c implements, with the field names ixy's memory.c uses. A
 * user never builds against this file: the README's ixy command puts ixy's own header on the
 * include path instead, so the layout there is always the original's.
 */
#ifndef NICSHIM_IXY_STANDIN_MEMORY_H
#define NICSHIM_IXY_STANDIN_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_buf {
	uintptr_t buf_addr_phy;
	struct mempool* mempool;
	uint32_t mempool_idx;
	uint32_t size;
	uint8_t head_room[40];
	uint8_t data[] __attribute__((aligned(64)));
};

struct mempool {
	void* base_addr;
	uint32_t buf_size;
	uint32_t num_entries;
	uint32_t free_stack_top;
	uint32_t free_stack[];
};

struct dma_memory {
	void* virt;
	uintptr_t phy;
};

uintptr_t virt_to_phys(void* virt);
struct dma_memory memory_allocate_dma(size_t size, bool require_contiguous);
struct mempool* memory_allocate_mempool(uint32_t num_entries, uint32_t entry_size);
uint32_t pkt_buf_alloc_batch(struct mempool* mempool, struct pkt_buf* bufs[], uint32_t num_bufs);
struct pkt_buf* pkt_buf_alloc(struct mempool* mempool);
void pkt_buf_free(struct pkt_buf* buf);

#endif
