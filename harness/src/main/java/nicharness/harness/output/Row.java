package nicharness.harness.output;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measurement: the table it belongs to and its measurement columns' values as text.
 *
 * @param table  the table
 * @param values column name to value, for exactly the table's measurement columns
 */
public record Row(Table table, Map<String, String> values) {

    public Row {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if (!values.keySet().equals(new java.util.HashSet<>(table.measurementColumns()))) {
            throw new IllegalArgumentException("a " + table + " row must have exactly the columns " + table.measurementColumns()
                    + ": got " + values.keySet());
        }
    }

    /** Starts a row of {@code table}. */
    public static Builder of(final Table table) {
        return new Builder(table);
    }

    /** Builds a row column by column. */
    public static final class Builder {
        private final Table table;
        private final Map<String, String> values = new LinkedHashMap<>();

        private Builder(final Table table) {
            this.table = table;
        }

        /** Sets a text column. */
        public Builder put(final String column, final String value) {
            values.put(column, value);
            return this;
        }

        /** Sets an integer column. */
        public Builder put(final String column, final long value) {
            return put(column, Long.toString(value));
        }

        /** Sets a boolean column. */
        public Builder put(final String column, final boolean value) {
            return put(column, Boolean.toString(value));
        }

        /** Sets a decimal column, written with {@link #decimal}. */
        public Builder put(final String column, final double value) {
            return put(column, decimal(value));
        }

        /** The row. */
        public Row build() {
            return new Row(table, values);
        }
    }

    /** A decimal as CSV text: integers without a fraction, others with up to 9 significant digits. */
    public static String decimal(final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        final String text = String.format(Locale.ROOT, "%.9g", value);
        if (text.contains("e") || text.contains("E")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
