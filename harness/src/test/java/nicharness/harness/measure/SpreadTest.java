package nicharness.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void oddCountTakesTheMiddle() {
        assertEquals(new Spread(3, 5, 1, 9), Spread.of(List.of(9.0, 1.0, 5.0)));
    }

    @Test
    void evenCountAveragesTheMiddleTwo() {
        assertEquals(new Spread(4, 4.5, 1, 9), Spread.of(List.of(9.0, 1.0, 5.0, 4.0)));
    }

    @Test
    void relativeRange() {
        assertEquals(0.5, Spread.of(List.of(8.0, 10.0, 13.0)).relativeRange(), 1e-12);
    }

    @Test
    void needsAValue() {
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }
}
