package nicharness.ixy;

/** {@code ixy}: ixy's model with batches of 1, the paper's non-batched ixy baseline. */
public final class IxyModel extends IxyDriverModel {
    /** The registry's entry. */
    public IxyModel() {
        super("ixy", 1);
    }
}
