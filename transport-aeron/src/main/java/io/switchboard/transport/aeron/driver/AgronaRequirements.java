package io.switchboard.transport.aeron.driver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Agrona 2.x needs from the JDK module system. Without the agent, a JVM must be started with
 * {@link #JVM_FLAG}; the agent grants the same export to its own class loader's unnamed module with
 * {@code Instrumentation.redefineModule} so users need no flags.
 */
public final class AgronaRequirements
{
    /** Module that must export the packages below. */
    public static final String MODULE = "java.base";
    /** Package name to export; Agrona uses {@code jdk.internal.misc.Unsafe}. */
    public static final Map<String, Set<String>> EXPORTS = Map.of(MODULE, Set.of("jdk.internal.misc"));
    /** The equivalent command-line flags for a JVM that runs the transport without the agent. */
    public static final List<String> JVM_FLAG = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private AgronaRequirements()
    {
    }
}
