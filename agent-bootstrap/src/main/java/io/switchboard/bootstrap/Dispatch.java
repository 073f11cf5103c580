package io.switchboard.bootstrap;

/**
 * The bridge between application classes and the agent: a static holder the agent fills at
 * startup. It lives on the bootstrap class path so that instrumented code in any class loader sees
 * the same instance. Not part of the public API.
 */
public final class Dispatch
{
    /**
     * The agent's handler for {@code Switchboard.lookup}; {@code null} when no agent is attached.
     */
    public interface Lookup
    {
        /**
         * @param type an interface annotated with {@code @Remote}.
         * @param <T>  the interface type.
         * @return a proxy that sends calls to a provider.
         */
        <T> T lookup(Class<T> type);
    }

    private static volatile Lookup lookup;

    /** Where the installed agent came from; set once by the first agent that starts in this JVM. */
    private static final java.util.concurrent.atomic.AtomicReference<String> AGENT_LOCATION =
        new java.util.concurrent.atomic.AtomicReference<>();

    private Dispatch()
    {
    }

    /**
     * Installed once by the agent.
     *
     * @param handler the agent's lookup handler.
     */
    public static void installLookup(final Lookup handler)
    {
        lookup = handler;
    }

    /**
     * @return the installed lookup handler, or {@code null} without the agent.
     */
    public static Lookup lookup()
    {
        return lookup;
    }

    /**
     * Claims the single agent installation of this JVM. A second {@code -javaagent} of Switchboard
     * (the same jar twice, or two copies) must not install a second set of transformers, so the
     * claim lives here, on the bootstrap class path, where every copy of the agent sees it.
     *
     * @param location where the claiming agent jar lives, for messages.
     * @return {@code null} when the caller won the claim and should install, otherwise the location
     * of the agent that is already installed.
     */
    public static String claimAgentInstallation(final String location)
    {
        return AGENT_LOCATION.compareAndExchange(null, location);
    }
}
