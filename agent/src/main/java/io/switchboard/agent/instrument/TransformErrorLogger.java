package io.switchboard.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

import java.util.List;

/**
 * Reports every class Switchboard failed to instrument on standard error: such a class runs locally,
 * which must never go unnoticed.
 */
final class TransformErrorLogger extends AgentBuilder.Listener.Adapter
{
    public void onError(
        final String typeName,
        final ClassLoader classLoader,
        final JavaModule module,
        final boolean loaded,
        final Throwable throwable)
    {
        System.err.println("[switchboard] could not instrument " + typeName + " (loader " + classLoader +
            "); its calls will run locally: " + throwable);
        throwable.printStackTrace();
    }

    /**
     * Reports failed retransformations of classes loaded before the agent.
     */
    static final class Redefinition extends AgentBuilder.RedefinitionStrategy.Listener.Adapter
    {
        public Iterable<? extends List<Class<?>>> onError(
            final int index, final List<Class<?>> batch, final Throwable throwable, final List<Class<?>> types)
        {
            System.err.println("[switchboard] could not retransform " + batch + "; their calls will run locally: " +
                throwable);
            throwable.printStackTrace();
            return super.onError(index, batch, throwable, types);
        }
    }
}
