package nicharness.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.driver.Parameter;

/**
 * One driver's code, the unit of a Table 2 row: every class in the package of its
 * {@link DriverModel} and the subpackages. Calls into these classes are followed; calls anywhere
 * else ({@code env}, {@code ixgbe}, {@code nf}, {@code driver-api}, the JDK) are leaves.
 *
 * <p>Several registry names can share one code base ({@code dpdk} and {@code dpdk-batched} differ
 * only in a parameter); the row is labelled with the shortest name, and that variant's parameters
 * are the ones the measurement reads (the paper's convention is batch 1, the unbatched variant).
 *
 * @param label       the row's name in Table 2, for example {@code tinynf}
 * @param variants    the registry names sharing this code
 * @param packageName the driver's root package, for example {@code nicharness.tinynf}
 * @param classes     where the compiled classes are: a directory or a jar
 * @param loader      the class loader that reads them
 * @param parameters  the named parameters of the labelled variant, with their default values
 */
public record CodeBase(String label, List<String> variants, String packageName, Path classes,
                       ClassLoader loader, List<Parameter> parameters) {

    public CodeBase {
        variants = List.copyOf(variants);
        parameters = List.copyOf(parameters);
    }

    /**
     * The code bases of every driver model on the class path, one per package, in label order.
     * Empty when no driver module is on the class path.
     */
    public static List<CodeBase> fromRegistry() {
        final Map<String, List<DriverModel>> byPackage = new LinkedHashMap<>();
        for (final DriverModel model : DriverRegistry.all()) {
            byPackage.computeIfAbsent(model.getClass().getPackageName(), p -> new ArrayList<>()).add(model);
        }
        final List<CodeBase> codeBases = new ArrayList<>();
        for (final Map.Entry<String, List<DriverModel>> entry : byPackage.entrySet()) {
            final List<DriverModel> models = entry.getValue();
            final DriverModel base = models.stream()
                    .min(Comparator.comparingInt((DriverModel m) -> m.name().length()).thenComparing(DriverModel::name))
                    .orElseThrow();
            final Class<?> anchor = base.getClass();
            codeBases.add(new CodeBase(base.name(), models.stream().map(DriverModel::name).sorted().toList(),
                    entry.getKey(), locationOf(anchor), anchor.getClassLoader(), base.parameters()));
        }
        codeBases.sort(Comparator.comparing(CodeBase::label));
        return codeBases;
    }

    /** The code base of the classes in {@code packageName}, located through {@code anchor}'s class file. */
    public static CodeBase of(final String label, final String packageName, final Class<?> anchor,
                              final List<Parameter> parameters) {
        return new CodeBase(label, List.of(label), packageName, locationOf(anchor), anchor.getClassLoader(), parameters);
    }

    /** True if {@code internalName} (for example {@code nicharness/tinynf/Agent}) belongs to this code base. */
    public boolean contains(final String internalName) {
        final String prefix = packageName.replace('.', '/') + '/';
        return internalName.startsWith(prefix);
    }

    /** The internal names of every class of this code base, sorted. */
    public List<String> classNames() {
        final String packagePath = packageName.replace('.', '/');
        try {
            if (Files.isDirectory(classes)) {
                final Path root = classes.resolve(packagePath);
                if (!Files.isDirectory(root)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.walk(root)) {
                    return files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                            .map(name -> name.substring(0, name.length() - ".class".length()))
                            .filter(this::contains)
                            .sorted()
                            .toList();
                }
            }
            try (JarFile jar = new JarFile(classes.toFile())) {
                return jar.stream()
                        .map(e -> e.getName())
                        .filter(name -> name.endsWith(".class"))
                        .map(name -> name.substring(0, name.length() - ".class".length()))
                        .filter(this::contains)
                        .sorted()
                        .toList();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list the classes of driver " + label + " in " + classes, e);
        }
    }

    private static Path locationOf(final Class<?> anchor) {
        final CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where the classes of " + anchor.getName()
                    + " were loaded from (no code source); load the driver from a directory or a jar");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException("unusable class location " + source.getLocation() + " for " + anchor.getName(), e);
        }
    }
}
