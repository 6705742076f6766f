package nicharness.ixy;

/** {@code ixy-batched}: ixy's model with batches of 32, the paper's "ixy, batched" baseline. */
public final class IxyBatchedModel extends IxyDriverModel {
    /** The registry's entry. */
    public IxyBatchedModel() {
        super("ixy-batched", 32);
    }
}
