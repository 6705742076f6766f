/**
 * What the testbeds, the benchmarks and the drivers' tests share: the software 82599's ports wired
 * to a driver and an NF, and the scripted card the drivers' unit tests play by hand.
 */
package nicharness.testbed;
