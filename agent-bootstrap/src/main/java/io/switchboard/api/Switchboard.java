package io.switchboard.api;

import io.switchboard.bootstrap.Dispatch;

/**
 * Entry point for consumers that have only the interface on their class path.
 */
public final class Switchboard
{
    private Switchboard()
    {
    }

    /**
     * Returns a proxy whose calls go to a provider of {@code type}.
     *
     * <p>{@code equals}, {@code hashCode}, {@code toString} and default methods run locally.
     *
     * @param type an interface annotated with {@link Remote}.
     * @param <T>  the interface type.
     * @return a proxy for the service.
     * @throws IllegalStateException    when the JVM was started without the Switchboard agent.
     * @throws IllegalArgumentException when {@code type} is not an interface annotated with
     *                                  {@link Remote}.
     */
    public static <T> T lookup(final Class<T> type)
    {
        final Dispatch.Lookup handler = Dispatch.lookup();
        if (null == handler)
        {
            throw new IllegalStateException(
                "Switchboard.lookup(" + type.getName() + ") needs the Switchboard agent: start this JVM with " +
                "-javaagent:switchboard-agent.jar (or construct an implementation of the interface to run it locally)");
        }
        if (!type.isInterface() || null == type.getAnnotation(Remote.class))
        {
            throw new IllegalArgumentException(
                type.getName() + " is not an interface annotated with @io.switchboard.api.Remote");
        }
        return handler.lookup(type);
    }
}
