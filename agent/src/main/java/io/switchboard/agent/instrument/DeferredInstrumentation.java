package io.switchboard.agent.instrument;

import io.switchboard.bootstrap.Dispatch;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The instrumentation the agent installs before {@code main}: a plain class file transformer that
 * hands to Byte Buddy only the classes {@link RemoteCandidates} cannot rule out, and the
 * {@code Switchboard.lookup} handler, while Byte Buddy itself is set up on a background thread.
 *
 * <p>Why: setting Byte Buddy up in a cold JVM loads about 900 classes and took about 80 % of the
 * agent's startup, yet no class loaded before {@code main} implements a {@code @Remote} interface.
 *
 * <p>Why it cannot deadlock on class initialisation: until the set-up has finished, exactly one
 * thread runs Byte Buddy code (the set-up thread, or the first thread that needs Byte Buddy if it
 * gets there first, through {@link FutureTask#run()}); every other thread that needs it waits on the
 * future and touches no Byte Buddy class before the set-up is complete. The set-up touches only
 * Byte Buddy, the agent and the JDK, never an application class.
 */
final class DeferredInstrumentation implements ClassFileTransformer, Dispatch.Lookup
{
    /** How long a class load or a lookup waits for Byte Buddy before giving up (the class then runs locally). */
    private static final long SETUP_TIMEOUT_SECONDS = 120;

    private final ClassLoader agentLoader;
    private final RemoteCandidates candidates = new RemoteCandidates();
    private final FutureTask<Instrumenter.Installed> setup;
    private final AtomicBoolean setupStarted = new AtomicBoolean();
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean failureReported = new AtomicBoolean();
    private volatile Thread setupThread;

    /**
     * @param setup builds Byte Buddy's transformer and the proxy factory; runs once, on one thread.
     */
    DeferredInstrumentation(final Callable<Instrumenter.Installed> setup)
    {
        final ClassLoader loader = DeferredInstrumentation.class.getClassLoader();
        // In tests the agent's classes share the application loader, which must not be skipped.
        this.agentLoader = loader == ClassLoader.getSystemClassLoader() ? null : loader;
        this.setup = new FutureTask<>(new Callable<Instrumenter.Installed>()
        {
            @Override
            public Instrumenter.Installed call() throws Exception
            {
                setupThread = Thread.currentThread();
                try
                {
                    return setup.call();
                }
                finally
                {
                    setupThread = null;
                }
            }
        });
    }

    /**
     * Starts the set-up of Byte Buddy on a daemon thread, once.
     */
    void startSetup()
    {
        if (setupStarted.compareAndSet(false, true))
        {
            final Thread thread = new Thread(setup, "switchboard-instrumentation-setup");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public byte[] transform(
        final Module module,
        final ClassLoader loader,
        final String className,
        final Class<?> classBeingRedefined,
        final ProtectionDomain protectionDomain,
        final byte[] classFile) throws IllegalClassFormatException
    {
        // A class the set-up itself loads (Byte Buddy generates some) must not wait for the set-up.
        if (isAgentOrJdk(loader, className) || Thread.currentThread() == setupThread ||
            !candidates.mayImplementRemote(classFile, loader))
        {
            return null;
        }
        final Instrumenter.Installed installed = installed(className);
        if (null == installed)
        {
            return null;
        }
        final byte[] result = installed.transformer()
            .transform(module, loader, className, classBeingRedefined, protectionDomain, classFile);
        if (null != result && null != className)
        {
            transformed.add(className.replace('/', '.'));
        }
        return result;
    }

    @Override
    public <T> T lookup(final Class<T> type)
    {
        final Instrumenter.Installed installed = installed(type.getName());
        if (null == installed)
        {
            throw new IllegalStateException("Switchboard cannot make a proxy for " + type.getName() +
                ": its instrumentation did not finish setting up (see the error above)");
        }
        return installed.proxies().lookup(type);
    }

    /**
     * Stops transforming and restores the classes this transformer changed.
     *
     * @param instrumentation the instrumentation it was added to.
     */
    void remove(final Instrumentation instrumentation)
    {
        instrumentation.removeTransformer(this);
        if (transformed.isEmpty())
        {
            return;
        }
        final List<Class<?>> restore = new ArrayList<>();
        for (final Class<?> type : instrumentation.getAllLoadedClasses())
        {
            if (transformed.contains(type.getName()) && instrumentation.isModifiableClass(type))
            {
                restore.add(type);
            }
        }
        try
        {
            instrumentation.retransformClasses(restore.toArray(new Class<?>[0]));
        }
        catch (final UnmodifiableClassException | RuntimeException ex)
        {
            System.err.println("[switchboard] could not restore the classes it instrumented: " + ex);
        }
        transformed.clear();
    }

    private Instrumenter.Installed installed(final String forWhat)
    {
        setup.run(); // no-op when the set-up thread already runs it or has finished
        try
        {
            return setup.get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            failedOnce("[switchboard] could not set up the instrumentation, so " + forWhat +
                " and every later @Remote class run locally: " + ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            System.err.println("[switchboard] the instrumentation was not set up within " + SETUP_TIMEOUT_SECONDS +
                " s, so " + forWhat + " runs locally; a thread dump shows what the thread " +
                "switchboard-instrumentation-setup waits for");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void failedOnce(final String message)
    {
        if (failureReported.compareAndSet(false, true))
        {
            System.err.println(message);
        }
    }

    // The JDK's and the agent's own classes (with the names Byte Buddy's ignore rules skip too) need no look.
    private boolean isAgentOrJdk(final ClassLoader loader, final String className)
    {
        if (null != loader && loader != agentLoader && loader != ClassLoader.getPlatformClassLoader())
        {
            return false;
        }
        if (null != loader && loader == agentLoader)
        {
            return true;
        }
        return null != className && (className.startsWith("java/") || className.startsWith("jdk/") ||
            className.startsWith("sun/") || className.startsWith("com/sun/") || className.startsWith("io/switchboard/"));
    }
}
