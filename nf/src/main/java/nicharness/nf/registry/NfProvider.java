package nicharness.nf.registry;

import java.util.List;

/**
 * A source of NFs for {@link NfRegistry}, found by {@link java.util.ServiceLoader}: a jar lists its
 * providers in {@code META-INF/services/nicharness.nf.registry.NfProvider}, one class name a line,
 * each with a public no-argument constructor.
 */
public interface NfProvider {

    /** The NFs this provider offers; their names must not collide with any other provider's. */
    List<NfDescriptor> nfs();
}
