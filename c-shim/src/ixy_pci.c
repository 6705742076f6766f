/* ixy's PCI functions on the model file (see ixy_pci.h). */
#define _GNU_SOURCE
#include "ixy_pci.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "nicshim.h"

/* ixy stops the program on a device it cannot open; so does the shim, saying what exists. */
static int port_or_exit(const char* pci_addr)
{
	int port = nicshim_port_of_string(pci_addr);
	if (port < 0) {
		exit(1);
	}
	return port;
}

void remove_driver(const char* pci_addr)
{
	port_or_exit(pci_addr); /* only checks the address: no kernel driver is bound to a model port */
}

void enable_dma(const char* pci_addr)
{
	int port = port_or_exit(pci_addr);
	nicshim_config_write(port, 0x04, nicshim_config_read(port, 0x04) | (1u << 2));
}

uint8_t* pci_map_resource(const char* pci_addr)
{
	int port = port_or_exit(pci_addr);
	/* ixy's own version unbinds the kernel driver and enables DMA before mapping; so does this. */
	remove_driver(pci_addr);
	enable_dma(pci_addr);
	return (uint8_t*) nicshim_bar0(port);
}

int pci_open_resource(const char* pci_addr, const char* resource, int flags)
{
	int port = port_or_exit(pci_addr);
	(void) flags;
	if (strcmp(resource, "config") != 0) {
		fprintf(stderr, "nicshim: pci_open_resource(%s, %s): only \"config\" is answered; map BAR0 with"
		        " pci_map_resource\n", pci_addr, resource);
		errno = ENOENT;
		return -1;
	}
	int fd = memfd_create("nicshim-config", 0);
	if (fd < 0) {
		fprintf(stderr, "nicshim: memfd_create: %s\n", strerror(errno));
		return -1;
	}
	uint32_t config[NICSHIM_CONFIG_SIZE / 4];
	for (unsigned offset = 0; offset < NICSHIM_CONFIG_SIZE; offset += 4) {
		config[offset / 4] = nicshim_config_read(port, offset);
	}
	if (pwrite(fd, config, sizeof(config), 0) != (ssize_t) sizeof(config)) {
		close(fd);
		return -1;
	}
	return fd;
}
