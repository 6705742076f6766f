package nicharness.driver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code boolean} field that is false in the driver as measured and true only in a debug
 * or test set-up (a mempool's double-free checks, for instance). The code it guards is not part of
 * the driver as built for measurements, as DPDK's {@code RTE_LIBRTE_*_DEBUG} code is compiled out of
 * the build the paper measured: Table 2's counter (module {@code code-metrics}) reads every branch
 * that tests a field so marked at its production value, false, so neither the guarded lines nor
 * their paths are counted. This is the one rule for debug code; names mean nothing to the counter.
 *
 * <p>Kept in the class file (not at run time) because the counter reads bytecode.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface DebugOnly {
}
