package nicharness.harness.registry;

import java.util.List;
import nicharness.driver.Driver;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverSetup;
import nicharness.driver.Parameter;
import nicharness.tinynf.TinyNfModel;

/**
 * A fourth driver model, registered in this test scope only ({@code META-INF/services}): TinyNF
 * with 256-descriptor rings and a flush every 4 packets, a variant the paper does not measure. It
 * stands for a newcomer's driver: the harness must find and measure it with no edit of its own.
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
        return "TinyNF with 256-descriptor rings and a flush every 4 packets (a test-scope model)";
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
        if (!setup.parameters().containsKey(TinyNfModel.FLUSH_PERIOD.name())) {
            small = small.with(TinyNfModel.FLUSH_PERIOD.name(), "4");
        }
        return tinyNf.open(small);
    }
}
