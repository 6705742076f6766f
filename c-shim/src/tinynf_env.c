/*
 * TinyNF's environment functions (see tinynf_env.h) on the model file. Each keeps the original's
 * contract as its header states it: false means "could not", and TinyNF prints why and stops.
 */
#include "tinynf_env.h"

#include <stdio.h>

#include "nicshim.h"

bool tn_mem_allocate(uint64_t size, uintptr_t* out_addr)
{
	void* region = nicshim_allocate(size);
	if (region == NULL) {
		return false;
	}
	*out_addr = (uintptr_t) region;
	return true;
}

void tn_mem_free(uintptr_t addr)
{
	(void) addr; /* host memory is handed out once, at start-up; nothing to give back */
}

bool tn_mem_phys_to_virt(uintptr_t addr, uint64_t size, uintptr_t* out_virt_addr)
{
	void* virt;
	if (!nicshim_phys_to_virt(addr, size, &virt)) {
		return false;
	}
	*out_virt_addr = (uintptr_t) virt;
	return true;
}

bool tn_mem_virt_to_phys(uintptr_t addr, uintptr_t* out_phys_addr)
{
	uint64_t phys;
	if (!nicshim_virt_to_phys((const void*) addr, &phys)) {
		return false;
	}
	*out_phys_addr = (uintptr_t) phys;
	return true;
}

/* An address that is none of the model's ports reads as all ones (an empty slot), so that TinyNF's
 * own check of the vendor and device IDs reports it; the shim says which addresses exist. */
static int port_of(struct tn_pci_device address)
{
	int port = nicshim_port_of(address.bus, address.device, address.function);
	if (port < 0) {
		fprintf(stderr, "nicshim: no port at PCI address %02x:%02x.%x; the model's ports are 00:00.0 to 00:00.%d\n",
		        address.bus, address.device, address.function, nicshim_ports() - 1);
	}
	return port;
}

uint32_t tn_pci_read(struct tn_pci_device address, uint8_t reg)
{
	return nicshim_config_read(port_of(address), reg);
}

void tn_pci_write(struct tn_pci_device address, uint8_t reg, uint32_t value)
{
	nicshim_config_write(port_of(address), reg, value);
}

void tn_sleep_us(uint64_t microseconds)
{
	nicshim_sleep_us(microseconds);
}
