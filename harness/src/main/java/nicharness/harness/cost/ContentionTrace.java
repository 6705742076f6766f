package nicharness.harness.cost;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nicharness.testbed.DriverRig;
import nicharness.env.CoreCanary;
import nicharness.harness.trial.MeasuredJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The measurement behind {@link CoreCanary}: driver-only rounds of one configuration, each followed
 * by a canary, printed in blocks of consecutive rounds as the median time per packet of the rounds
 * beside the median canary time of the block. On a core that another tenant shares from time to
 * time, the two rise and fall together (see {@code docs/measurement-noise.md}).
 *
 * <p>The command {@code contention-trace driver nf [rounds [blocks]]} (for example
 * {@code tinynf nop-untouched 40000 40}) runs it in a measuring JVM of its own ({@link MeasuredJvm}),
 * pinned to one CPU with {@code taskset} when {@code --cpu} is given.
 */
@Command(name = "contention-trace", mixinStandardHelpOptions = true,
        description = "Driver-only rounds beside the core canary, in blocks, as CSV on the output: how a shared core shows.")
public final class ContentionTrace implements Callable<Integer> {

    @Parameters(index = "0", description = "driver")
    private String driver;

    @Parameters(index = "1", description = "NF")
    private String nf;

    @Parameters(index = "2", arity = "0..1", description = "rounds (default ${DEFAULT-VALUE})")
    private int rounds = 40_000;

    @Parameters(index = "3", arity = "0..1", description = "blocks (default ${DEFAULT-VALUE})")
    private int blocks = 40;

    @Option(names = "--cpu", paramLabel = "N", description = "pin the measuring JVM to this CPU (taskset -c N)")
    private Integer cpu;

    @Override
    public Integer call() throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        if (cpu != null) {
            command.addAll(List.of("taskset", "-c", cpu.toString()));
        }
        command.addAll(MeasuredJvm.ofThisApplication().command(Long.MAX_VALUE, ContentionTrace.class.getName(),
                List.of(driver, nf, Integer.toString(rounds), Integer.toString(blocks))));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** In the measuring JVM: prints the blocks; see the class comment. */
    public static void main(final String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ContentionTrace driver nf [rounds [blocks]]");
        }
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40_000;
        final int blocks = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred(args[0], args[1]))) {
            final CoreCanary canary = new CoreCanary();
            for (int i = 0; i < RoundTiming.WARM_UP_ROUNDS * 2; i++) {
                rig.round();
                rig.refill();
                canary.measure();
            }
            final long[] round = new long[rounds];
            final long[] canaries = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                final long t0 = System.nanoTime();
                rig.round();
                round[i] = System.nanoTime() - t0;
                rig.refill();
                canaries[i] = canary.measure();
            }
            final int size = rounds / blocks;
            System.out.println("block,round_ns_per_packet_median,canary_ns_median,canary_over_baseline");
            for (int b = 0; b < blocks; b++) {
                final double perPacket = median(round, b * size, size) / (double) rig.roundPackets();
                final long c = median(canaries, b * size, size);
                System.out.printf(Locale.ROOT, "%d,%.1f,%d,%.2f%n", b, perPacket, c, (double) c / canary.baselineNanos());
            }
        }
    }

    private static long median(final long[] values, final int from, final int length) {
        final long[] block = Arrays.copyOfRange(values, from, from + length);
        Arrays.sort(block);
        return block[length / 2];
    }
}
