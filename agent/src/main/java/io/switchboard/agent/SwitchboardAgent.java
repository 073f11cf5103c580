package io.switchboard.agent;

import io.switchboard.agent.boot.AgentClassLoader;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Entry points of the agent jar: {@code premain} ({@code -javaagent}), {@code agentmain} (attach at
 * run time) and {@code main} ({@code java -jar switchboard-agent.jar <command>}).
 *
 * <p>This class is loaded by the system class loader, so it stays tiny and touches only the JDK:
 * it puts the agent jar on the bootstrap class path (for {@code io.switchboard.api} and
 * {@code io.switchboard.bootstrap}), creates the isolated {@link AgentClassLoader} over the jar's
 * {@code inst/} folder, opens the JDK packages the shaded libraries need to that loader only, and
 * hands over to {@code io.switchboard.agent.boot.AgentInstaller} inside it.
 */
public final class SwitchboardAgent
{
    /** Exit status of a JVM whose Switchboard configuration is invalid (sysexits' EX_CONFIG). */
    public static final int EXIT_BAD_CONFIGURATION = 78;

    private static final String INSTALLER = "io.switchboard.agent.boot.AgentInstaller";
    private static final String CLI = "io.switchboard.agent.cli.Cli";
    private static final String CONFIG_EXCEPTION = "io.switchboard.agent.config.ConfigException";
    private static final String DISPATCH = "io.switchboard.bootstrap.Dispatch";

    /** Exported (not opened) to the agent: Agrona 2.x uses {@code jdk.internal.misc.Unsafe}. */
    private static final String[] EXPORTS = { "jdk.internal.misc" };

    /** Opened to the agent only: serializers and Aeron reach into these by reflection. */
    private static final String[] OPENS = {
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.math", "java.net", "java.nio",
        "java.text", "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
        "sun.nio.ch" };

    private SwitchboardAgent()
    {
    }

    /**
     * Called by the JVM for {@code -javaagent:switchboard-agent.jar[=args]}.
     *
     * @param agentArgs       the text after {@code =}, or {@code null}.
     * @param instrumentation the JVM's instrumentation.
     */
    public static void premain(final String agentArgs, final Instrumentation instrumentation)
    {
        start(agentArgs, instrumentation, false);
    }

    /**
     * Called by the JVM when the agent is attached to a running JVM.
     *
     * @param agentArgs       the agent arguments, or {@code null}.
     * @param instrumentation the JVM's instrumentation.
     */
    public static void agentmain(final String agentArgs, final Instrumentation instrumentation)
    {
        start(agentArgs, instrumentation, true);
    }

    /**
     * Runs a command line tool: {@code java -jar switchboard-agent.jar help}.
     *
     * @param args the command and its arguments.
     */
    public static void main(final String[] args)
    {
        int status;
        try
        {
            // No Instrumentation here: the jar's Add-Exports/Add-Opens manifest entries open the JDK,
            // and the system class loader (parent) serves io.switchboard.api from the jar root.
            final AgentClassLoader loader = new AgentClassLoader(agentJar(), ClassLoader.getSystemClassLoader());
            final Method run = loader.loadClass(CLI).getMethod("run", String[].class);
            status = (Integer)run.invoke(null, (Object)args);
        }
        catch (final InvocationTargetException ex)
        {
            System.err.println("switchboard: command failed: " + ex.getCause());
            ex.getCause().printStackTrace();
            status = 1;
        }
        catch (final Throwable ex)
        {
            System.err.println("switchboard: cannot start the command line tool: " + ex);
            status = 1;
        }
        System.exit(status);
    }

    private static void start(final String agentArgs, final Instrumentation instrumentation, final boolean attached)
    {
        final File jar;
        try
        {
            jar = agentJar();
            if (!onBootstrapClassPath(DISPATCH))
            {
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            final String installed = claimInstallation(jar.getPath());
            if (null != installed)
            {
                System.err.println("switchboard: WARNING: ignoring -javaagent:" + jar.getPath() +
                    ": the Switchboard agent from " + installed + " is already installed in this JVM");
                return;
            }
        }
        catch (final Throwable ex)
        {
            System.err.println("switchboard: ERROR: cannot set up the agent jar; the application runs without " +
                "Switchboard: " + ex);
            return;
        }

        try
        {
            final AgentClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            openJdkTo(instrumentation, loader.getUnnamedModule());
            final Method install = loader.loadClass(INSTALLER)
                .getMethod("install", Instrumentation.class, String.class, boolean.class);
            install.invoke(null, instrumentation, agentArgs, attached);
        }
        catch (final InvocationTargetException ex)
        {
            final Throwable cause = ex.getCause();
            if (null != cause && CONFIG_EXCEPTION.equals(cause.getClass().getName()))
            {
                System.err.println(cause.getMessage());
                if (!attached)
                {
                    // Starting with a configuration the user did not mean would be worse than not starting.
                    System.err.println("switchboard: stopping the JVM: fix the configuration above");
                    System.exit(EXIT_BAD_CONFIGURATION);
                }
                return;
            }
            failed(cause);
        }
        catch (final Throwable ex)
        {
            failed(ex);
        }
    }

    private static void failed(final Throwable ex)
    {
        System.err.println("switchboard: ERROR: the agent failed to start; the application runs without " +
            "Switchboard: " + ex);
        ex.printStackTrace();
    }

    private static boolean onBootstrapClassPath(final String className)
    {
        try
        {
            Class.forName(className, false, null);
            return true;
        }
        catch (final ClassNotFoundException ex)
        {
            return false;
        }
    }

    private static String claimInstallation(final String location) throws ReflectiveOperationException
    {
        // Reflection on the bootstrap copy: the one every copy of the agent shares.
        final Method claim = Class.forName(DISPATCH, true, null).getMethod("claimAgentInstallation", String.class);
        return (String)claim.invoke(null, location);
    }

    private static void openJdkTo(final Instrumentation instrumentation, final Module agentModule)
    {
        final Module javaBase = Object.class.getModule();
        if (!instrumentation.isModifiableModule(javaBase))
        {
            return;
        }
        final Map<String, Set<Module>> exports = new HashMap<>();
        for (final String pkg : EXPORTS)
        {
            exports.put(pkg, Set.of(agentModule));
        }
        final Map<String, Set<Module>> opens = new HashMap<>();
        for (final String pkg : OPENS)
        {
            if (javaBase.getPackages().contains(pkg))
            {
                opens.put(pkg, Set.of(agentModule));
            }
        }
        instrumentation.redefineModule(javaBase, Set.of(), exports, opens, Set.of(), Map.of());
    }

    private static File agentJar() throws URISyntaxException
    {
        final CodeSource source = SwitchboardAgent.class.getProtectionDomain().getCodeSource();
        if (null == source || null == source.getLocation())
        {
            throw new IllegalStateException("cannot find the agent jar: no code source for " +
                SwitchboardAgent.class.getName());
        }
        final File file = new File(source.getLocation().toURI());
        if (!file.isFile())
        {
            throw new IllegalStateException("the agent must run from its jar, not from " + file);
        }
        return file;
    }
}
