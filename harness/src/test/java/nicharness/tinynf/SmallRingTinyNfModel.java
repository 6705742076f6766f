package nicharness.tinynf;

import java.util.List;
import nicharness.driver.Driver;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverSetup;
import nicharness.driver.Parameter;

/**
 * A fourth driver model, registered in this test scope only ({@code META-INF/services}): TinyNF
 * with 256-descriptor rings, a variant the paper does not measure. It stands for a newcomer's
 * driver: the harness must find and measure it with no edit of its own. It lives in TinyNF's
 * package because Table 2 measures a driver by its package and this model has no code of its own
 * (it is listed as a TinyNF variant there).
 */
public final class SmallRingTinyNfModel implements DriverModel {
    /** The registry name. */
    public static final String NAME = "tinynf-ring256";

    private final TinyNfModel tinyNf = new TinyNfModel();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TinyNF with 256-descriptor rings (a test-scope model)";
    }

    @Override
    public List<Parameter> parameters() {
        return tinyNf.parameters();
    }

    @Override
    public Driver open(final DriverSetup setup) {
        DriverSetup small = setup;
        if (!setup.parameters().containsKey(TinyNfModel.RING_SIZE.name())) {
            small = small.with(TinyNfModel.RING_SIZE.name(), "256");
        }
        return tinyNf.open(small);
    }
}
