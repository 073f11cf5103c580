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
}
