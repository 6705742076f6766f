/**
 * What the tests of every module share, used in test scope only: {@link nicharness.testing.Wait}
 * (every wait has a deadline and, when it passes, says what it waited for and what it last saw)
 * and {@link nicharness.testing.BoundedList} (a recording that fails with a message instead of
 * filling the heap).
 */
package nicharness.testing;
