/*
 * ixy's PCI functions (github.com/emmericp/ixy, src/pci.h), as the shim implements them on the
 * model file. Declared from memory of the original, which this project never copies;
 * c-shim/README.md gives the command that checks them against a checkout.
 *
 * ixy names a device by its PCI address string, "0000:00:00.0"; the model's ports are
 * 0000:00:00.0, 0000:00:00.1, ... An address that is none of them ends the program with a message,
 * as ixy's own functions do when sysfs has no such device.
 */
#ifndef NICSHIM_IXY_PCI_H
#define NICSHIM_IXY_PCI_H

#include <stdint.h>

/* Unbinds the kernel driver (here: there is none, nothing to do). */
void remove_driver(const char* pci_addr);

/* Sets the bus master bit in the command register of the device's configuration space. */
void enable_dma(const char* pci_addr);

/* BAR0 of the device, mapped (ixy: mmap of sysfs resource0). */
uint8_t* pci_map_resource(const char* pci_addr);

/* A file descriptor on one of the device's sysfs resources (ixy: open of
 * /sys/bus/pci/devices/<addr>/<resource>). Only "config" is answered: a memory file holding the
 * configuration space as it is when opened, which ixy reads with pread (read_io16/read_io32);
 * writes through it do not reach the shim's configuration space. */
int pci_open_resource(const char* pci_addr, const char* resource, int flags);

#endif
