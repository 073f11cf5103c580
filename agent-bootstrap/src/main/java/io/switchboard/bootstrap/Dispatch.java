package io.switchboard.bootstrap;

/**
 * The bridge between application classes and the agent: a static holder the agent fills at
 * startup. It lives on the bootstrap class path so that instrumented code in any class loader sees
 * the same instance. Not part of the public API.
 *
 * <p><b>Protocol of the inlined advice</b> (hot path: no allocation here beyond the advice's
 * argument array, no locks, no logging):
 * <ol>
 *     <li>The enter advice of a method of a service this process does not provide calls
 *     {@link #call(int, Object, Object[])} with the method's index in the agent's method table (a
 *     constant baked in at transform time), {@code this} and the boxed arguments.</li>
 *     <li>{@code null} from {@link #call} means <em>run the body locally</em> (no invoker installed,
 *     or the invoker answered {@link #RUN_LOCALLY}, e.g. {@code switchboard.fallback=local}).</li>
 *     <li>Any other value means the body is skipped; the exit advice assigns {@link #unwrap(Object)}
 *     of it to the method's return value ({@link #NULL} stands for a {@code null} result or
 *     {@code void}).</li>
 *     <li>A remote failure is thrown by the invoker and leaves the enter advice as it is, so the
 *     caller sees the same exception type the provider threw (or an {@code RpcException}).</li>
 * </ol>
 * Methods returning {@code CompletableFuture}/{@code CompletionStage} follow the same protocol: the
 * invoker returns the (not yet completed) future at once.
 */
public final class Dispatch
{
    /**
     * Returned by an {@link Invoker} to let the method body run in this process.
     */
    public static final Object RUN_LOCALLY = new Marker("RUN_LOCALLY");

    /**
     * Stands for a {@code null} result (or the end of a {@code void} call) between the enter and the
     * exit advice, because {@code null} there means "run the body".
     */
    public static final Object NULL = new Marker("NULL");

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

    /**
     * The consumer's call path: performs one remote call of an instrumented method or proxy method.
     */
    public interface Invoker
    {
        /**
         * Performs a call. Runs on the caller's thread.
         *
         * @param methodIndex the index of the method in the agent's method table.
         * @param target      the instance the application called (an implementation or a proxy).
         * @param args        the arguments, primitives boxed; never {@code null} (empty for none).
         * @return the result (boxed for primitives, never {@code null} for a primitive return type,
         * else may be {@code null}, and anything for {@code void}; for asynchronous methods the
         * future, returned at once), or {@link Dispatch#RUN_LOCALLY} to run the body in this process.
         * @throws Throwable the exception the caller should see.
         */
        Object invoke(int methodIndex, Object target, Object[] args) throws Throwable;
    }

    /**
     * The provider's serving path: learns of constructed instances of provided services.
     */
    public interface Exporter
    {
        /**
         * Called at the end of every constructor of a class implementing a provided service (more
         * than once per instance when several constructors in its hierarchy are instrumented).
         *
         * @param instance     the constructed instance.
         * @param serviceIndex the index of the service in the agent's method table.
         */
        void instanceCreated(Object instance, int serviceIndex);
    }

    private static volatile Lookup lookup;
    private static volatile Invoker invoker;
    private static volatile Exporter exporter;

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
     * @return the jar of the installed agent (as claimed by {@link #claimAgentInstallation}), or null.
     */
    public static String agentLocation()
    {
        return AGENT_LOCATION.get();
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

    /**
     * Installed by the agent once its call path is ready; until then calls run locally.
     *
     * @param handler the call path, or {@code null} to run every call locally.
     */
    public static void installInvoker(final Invoker handler)
    {
        invoker = handler;
    }

    /**
     * @return the installed invoker, or {@code null}.
     */
    public static Invoker invoker()
    {
        return invoker;
    }

    /**
     * Installed by the agent once its serving path is ready; instances created before are not seen.
     *
     * @param handler the serving path, or {@code null}.
     */
    public static void installExporter(final Exporter handler)
    {
        exporter = handler;
    }

    /**
     * Called by inlined enter advice; see the class comment for the protocol.
     *
     * @param methodIndex the method's index in the agent's method table.
     * @param target      {@code this} of the instrumented method.
     * @param args        the boxed arguments.
     * @return {@code null} to run the body, otherwise the outcome for {@link #unwrap(Object)}.
     * @throws Throwable the remote failure, to be rethrown to the caller.
     */
    public static Object call(final int methodIndex, final Object target, final Object[] args) throws Throwable
    {
        final Invoker handler = invoker;
        if (null == handler)
        {
            return null;
        }

        final Object result = handler.invoke(methodIndex, target, args);
        if (RUN_LOCALLY == result)
        {
            return null;
        }

        return null == result ? NULL : result;
    }

    /**
     * Called by inlined exit advice when the body was skipped.
     *
     * @param outcome the non-null value {@link #call(int, Object, Object[])} returned.
     * @return the value the method returns.
     */
    public static Object unwrap(final Object outcome)
    {
        return NULL == outcome ? null : outcome;
    }

    /**
     * Called by inlined constructor exit advice of classes implementing a provided service.
     *
     * @param instance     the constructed instance.
     * @param serviceIndex the service's index in the agent's method table.
     */
    public static void instanceCreated(final Object instance, final int serviceIndex)
    {
        final Exporter handler = exporter;
        if (null != handler)
        {
            handler.instanceCreated(instance, serviceIndex);
        }
    }

    private static final class Marker
    {
        private final String name;

        Marker(final String name)
        {
            this.name = name;
        }

        public String toString()
        {
            return "Dispatch." + name;
        }
    }
}
