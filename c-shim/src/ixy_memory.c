/*
 * ixy's memory functions (github.com/emmericp/ixy, src/memory.c) on the model file: DMA memory in
 * whole 2 MiB pages of host memory, address translation, and the packet buffer pools, which live in
 * the same file of the original and so must be replaced with it.
 *
 * Compiled against ixy's own memory.h (on the include path: -I<ixy>/src), so that struct
 * dma_memory, struct mempool and struct pkt_buf have exactly the original's layout; nothing of
 * that header is copied here. The tests compile it against a stand-in (test/ixy-standin).
 */
#include "memory.h"

#include <stdio.h>
#include <stdlib.h>

#include "nicshim.h"

uintptr_t virt_to_phys(void* virt)
{
	uint64_t phys;
	if (!nicshim_virt_to_phys(virt, &phys)) {
		exit(1); /* ixy's version also stops the program when the translation fails */
	}
	return (uintptr_t) phys;
}

struct dma_memory memory_allocate_dma(size_t size, bool require_contiguous)
{
	/* The model's host memory is one contiguous region, so every allocation is physically
	 * contiguous: `require_contiguous` is always met. */
	(void) require_contiguous;
	void* virt = nicshim_allocate(size);
	if (virt == NULL) {
		exit(1);
	}
	return (struct dma_memory) {.virt = virt, .phy = virt_to_phys(virt)};
}

struct mempool* memory_allocate_mempool(uint32_t num_entries, uint32_t entry_size)
{
	entry_size = entry_size ? entry_size : 2048;
	/* As the original: buffers must not cross a hugepage, so their size divides it. */
	if (NICSHIM_HUGEPAGE_SIZE % entry_size != 0) {
		fprintf(stderr, "nicshim: mempool entry size %u must divide the 2 MiB page size\n", entry_size);
		exit(1);
	}
	struct mempool* mempool = malloc(sizeof(struct mempool) + num_entries * sizeof(uint32_t));
	if (mempool == NULL) {
		exit(1);
	}
	struct dma_memory mem = memory_allocate_dma((size_t) num_entries * entry_size, false);
	mempool->num_entries = num_entries;
	mempool->buf_size = entry_size;
	mempool->base_addr = mem.virt;
	mempool->free_stack_top = num_entries;
	for (uint32_t i = 0; i < num_entries; i++) {
		mempool->free_stack[i] = i;
		struct pkt_buf* buf = (struct pkt_buf*) (((uint8_t*) mempool->base_addr) + (size_t) i * entry_size);
		/* The buffer's physical address; ixy adds offsetof(struct pkt_buf, data) when it fills a descriptor. */
		buf->buf_addr_phy = virt_to_phys(buf);
		buf->mempool_idx = i;
		buf->mempool = mempool;
		buf->size = 0;
	}
	return mempool;
}

uint32_t pkt_buf_alloc_batch(struct mempool* mempool, struct pkt_buf* bufs[], uint32_t num_bufs)
{
	if (mempool->free_stack_top < num_bufs) {
		num_bufs = mempool->free_stack_top;
	}
	for (uint32_t i = 0; i < num_bufs; i++) {
		uint32_t entry_id = mempool->free_stack[--mempool->free_stack_top];
		bufs[i] = (struct pkt_buf*) (((uint8_t*) mempool->base_addr) + (size_t) entry_id * mempool->buf_size);
	}
	return num_bufs;
}

struct pkt_buf* pkt_buf_alloc(struct mempool* mempool)
{
	struct pkt_buf* buf = NULL;
	pkt_buf_alloc_batch(mempool, &buf, 1);
	return buf;
}

void pkt_buf_free(struct pkt_buf* buf)
{
	struct mempool* mempool = buf->mempool;
	mempool->free_stack[mempool->free_stack_top++] = buf->mempool_idx;
}
