package nicharness.driver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of a driver whose methods are buffer-management steps: pool, ring and buffer
 * operations (DPDK's {@code rte_mempool}, {@code rte_ring} and mbuf helpers, ixy's buffer pool).
 * The paper's Table 2 counts the ixgbe driver's functions only and treats allocation as named
 * steps with variables of their own (A_S and A_F, the success and failure paths of an mbuf
 * allocation; F_S, F_F and P for freeing). Table 2's counter (module {@code code-metrics}) does the
 * same: a call into a class so marked is one statement of the driver, whose outcome, tested, can go
 * either way; the class's methods are measured on their own and listed separately, so nothing is
 * hidden.
 *
 * <p>Kept in the class file (not at run time) because the counter reads bytecode.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AllocationStep {
}
