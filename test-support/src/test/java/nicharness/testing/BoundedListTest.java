package nicharness.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedListTest {

    @Test
    void holdsUpToItsCapacityThenFailsNamingItselfAndKeepsFailing() {
        final BoundedList<Integer> list = new BoundedList<>("tail writes", 2);
        list.add(1);
        list.add(2);
        assertEquals(List.of(1, 2), list.items());
        final AssertionError e = assertThrows(AssertionError.class, () -> list.add(3));
        assertTrue(e.getMessage().startsWith("tail writes overflowed: more than 2 items"), e.getMessage());
        assertThrows(AssertionError.class, list::size, "a reader learns of the overflow too");
        assertThrows(AssertionError.class, list::items);
    }
}
