package nicharness.ixy;

/** The shared end-to-end contract for {@code ixy-batched} (batches of 32), with the same memory. */
class IxyBatchedContractTest extends IxyContractTest {
    @Override
    protected String driverName() {
        return "ixy-batched";
    }
}
