package nicharness.driver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which part of a driver, in the sense of the paper's Table 2, a method or constructor
 * is: its entry points for initialisation, receive and transmit. The complexity measurement
 * (module {@code code-metrics}) starts from the annotated methods and follows calls inside the
 * driver, so the declaration lives next to the code and cannot go stale silently.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface DriverPart {

    /** The Table 2 column the annotated method starts. */
    Part value();

    /** The three columns of Table 2. */
    enum Part {
        INIT, RECEIVE, TRANSMIT
    }
}
