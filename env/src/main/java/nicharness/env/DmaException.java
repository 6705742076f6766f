package nicharness.env;

/** DMA memory could not be set up; the message says what was attempted and the likely fix. */
public class DmaException extends RuntimeException {
    public DmaException(final String message) {
        super(message);
    }

    public DmaException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
