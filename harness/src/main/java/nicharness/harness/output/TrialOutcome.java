package nicharness.harness.output;

import java.time.Instant;
import java.util.List;

/**
 * How one trial ended and what it measured.
 *
 * @param status            whether its measurements are complete
 * @param message           empty when {@link Status#OK}; otherwise what went wrong, on one line
 * @param startedAt         when the trial JVM was started
 * @param durationSeconds   wall-clock time from start to result, JVM start included
 * @param testerCeilingGbps the highest total rate the tester and model could have offered in this
 *                          trial, estimated from how busy they were (NaN when unknown)
 * @param rows              the measurements
 */
public record TrialOutcome(Status status, String message, Instant startedAt, double durationSeconds,
                           double testerCeilingGbps, List<Row> rows) {

    public TrialOutcome {
        rows = List.copyOf(rows);
        message = message.replace('\n', ' ').replace('\r', ' ');
    }

    /** How a trial ended. */
    public enum Status {
        /** Finished; its rows are complete. */
        OK,
        /** The trial reported an error (for example loss that disagrees with the card's counters). */
        FAILED,
        /** The trial JVM ran past its time limit and was stopped. */
        TIMEOUT;

        /** The CSV spelling. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
