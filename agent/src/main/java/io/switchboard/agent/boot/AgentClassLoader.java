package io.switchboard.agent.boot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The isolated class loader of the agent: it loads the agent's own classes and its relocated
 * dependencies from the {@value #INST_DIR} folder of the agent jar, where class files are stored
 * as {@value #CLASS_SUFFIX} so the system class loader cannot see them.
 *
 * <p>The parent is the platform loader, so {@code io.switchboard.api} and
 * {@code io.switchboard.bootstrap} resolve to the single copy on the bootstrap class path while
 * the application never sees Byte Buddy, Aeron or any other agent dependency. This class lives at
 * the jar root (loaded by the system class loader) and depends on the JDK only.
 *
 * <p>{@link #getResource(String)} also answers {@code x/Y.class} from {@code inst/x/Y.classdata},
 * so Byte Buddy can read the bytes of the agent's advice classes.
 */
public final class AgentClassLoader extends ClassLoader
{
    /** Folder of the agent jar that holds the isolated classes and resources. */
    public static final String INST_DIR = "inst/";

    /** Extension that replaces {@code .class} inside {@link #INST_DIR}. */
    public static final String CLASS_SUFFIX = ".classdata";

    static
    {
        registerAsParallelCapable();
    }

    private final JarFile jarFile;
    private final String jarUrlPrefix;
    private final ProtectionDomain protectionDomain;

    /**
     * @param agentJar the agent jar.
     * @param parent   the parent loader: the platform loader for the agent, the system loader for the CLI.
     * @throws IOException when the jar cannot be opened.
     */
    public AgentClassLoader(final File agentJar, final ClassLoader parent) throws IOException
    {
        super("switchboard-agent", parent);
        this.jarFile = new JarFile(agentJar, false);
        final URL jarUrl = agentJar.toURI().toURL();
        this.jarUrlPrefix = "jar:" + jarUrl + "!/";
        this.protectionDomain = new ProtectionDomain(new CodeSource(jarUrl, (CodeSigner[])null), null, this, null);
    }

    @Override
    protected Class<?> findClass(final String name) throws ClassNotFoundException
    {
        final String path = name.replace('.', '/');
        final JarEntry entry = jarFile.getJarEntry(INST_DIR + path + CLASS_SUFFIX);
        if (null == entry)
        {
            throw new ClassNotFoundException(name);
        }
        final byte[] bytes;
        try (InputStream in = jarFile.getInputStream(entry))
        {
            bytes = in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new ClassNotFoundException(name, ex);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    @Override
    protected URL findResource(final String name)
    {
        final String entryName = entryName(name);
        if (null == jarFile.getJarEntry(entryName))
        {
            return null;
        }
        try
        {
            return new URL(jarUrlPrefix + entryName);
        }
        catch (final MalformedURLException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    protected Enumeration<URL> findResources(final String name)
    {
        final URL url = findResource(name);
        return null == url ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
    }

    private static String entryName(final String resource)
    {
        final String name = resource.startsWith("/") ? resource.substring(1) : resource;
        if (name.endsWith(".class"))
        {
            return INST_DIR + name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX;
        }
        return INST_DIR + name;
    }

    private void definePackageOf(final String className)
    {
        final int dot = className.lastIndexOf('.');
        if (dot < 0)
        {
            return;
        }
        final String pkg = className.substring(0, dot);
        if (null == getDefinedPackage(pkg))
        {
            try
            {
                definePackage(pkg, null, null, null, null, null, null, null);
            }
            catch (final IllegalArgumentException ignored)
            {
                // Another thread defined it first.
            }
        }
    }
}
