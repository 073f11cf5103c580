package io.switchboard.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two Linux network namespaces joined by a veth pair, as two hosts: {@link #HOST_A} and {@link #HOST_B}
 * (TEST-NET-1 addresses that exist only inside these namespaces). Names are unique per instance;
 * {@link #close()} deletes both namespaces, which also removes the veth pair. Needs root and {@code ip}.
 */
public final class NetNamespaces implements AutoCloseable
{
    /** Address of the first host, inside its namespace only. */
    public static final String HOST_A = "192.0.2.1";
    /** Address of the second host, inside its namespace only. */
    public static final String HOST_B = "192.0.2.2";

    private static final Path IP = Path.of("/usr/sbin/ip");
    private static final Path UNSHARE = Path.of("/usr/bin/unshare");

    private final String a;
    private final String b;
    private final List<String> created = new ArrayList<>();

    private NetNamespaces(final String suffix)
    {
        this.a = "sb-a-" + suffix;
        this.b = "sb-b-" + suffix;
    }

    /**
     * @return why namespaces cannot be made here, or null when they can (root, {@code ip} and {@code unshare})
     */
    public static String unavailableReason()
    {
        if (!System.getProperty("os.name", "").startsWith("Linux"))
        {
            return "network namespaces need Linux";
        }
        if (!Files.isExecutable(IP) || !Files.isExecutable(UNSHARE))
        {
            return IP + " or " + UNSHARE + " is missing";
        }
        if (!"root".equals(System.getProperty("user.name")))
        {
            return "creating network namespaces needs root (running as " + System.getProperty("user.name") + ")";
        }
        return null;
    }

    /**
     * Creates the namespaces and the link, each with loopback up.
     *
     * @return the namespaces; close them
     * @throws IOException when a step fails (what was made is removed)
     * @throws InterruptedException when interrupted
     */
    public static NetNamespaces create() throws IOException, InterruptedException
    {
        final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        final NetNamespaces ns = new NetNamespaces(suffix);
        final String vethA = "sbva" + suffix;
        final String vethB = "sbvb" + suffix;
        boolean done = false;
        try
        {
            ns.ip("netns", "add", ns.a);
            ns.created.add(ns.a);
            ns.ip("netns", "add", ns.b);
            ns.created.add(ns.b);
            ns.ip("link", "add", vethA, "type", "veth", "peer", "name", vethB);
            ns.ip("link", "set", vethA, "netns", ns.a);
            ns.ip("link", "set", vethB, "netns", ns.b);
            ns.ip("-n", ns.a, "addr", "add", HOST_A + "/24", "dev", vethA);
            ns.ip("-n", ns.b, "addr", "add", HOST_B + "/24", "dev", vethB);
            for (final String[] link : new String[][] {{ns.a, vethA}, {ns.b, vethB}, {ns.a, "lo"}, {ns.b, "lo"}})
            {
                ns.ip("-n", link[0], "link", "set", link[1], "up");
            }
            done = true;
            return ns;
        }
        finally
        {
            if (!done)
            {
                ns.close(); // deleting a namespace deletes the veth end inside it
                ns.quietly("link", "del", vethA); // in case it never moved into its namespace
            }
        }
    }

    /**
     * @param command a command and its arguments
     * @return the command run in host A's namespace with a private, empty {@code /dev/shm}
     */
    public List<String> inA(final List<String> command)
    {
        return in(a, command);
    }

    /**
     * @param command a command and its arguments
     * @return the command run in host B's namespace with a private, empty {@code /dev/shm}
     */
    public List<String> inB(final List<String> command)
    {
        return in(b, command);
    }

    // ip netns exec and unshare both exec: the process started is the JVM itself, so its pid is the JVM's.
    private static List<String> in(final String namespace, final List<String> command)
    {
        final List<String> wrapped = new ArrayList<>(List.of(IP.toString(), "netns", "exec", namespace,
            UNSHARE.toString(), "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o size=512m switchboard-shm /dev/shm && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public void close()
    {
        for (int i = created.size() - 1; i >= 0; i--)
        {
            quietly("netns", "del", created.get(i));
        }
        created.clear();
    }

    private void quietly(final String... args)
    {
        try
        {
            ip(args);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            System.err.println("cleanup: " + ex.getMessage());
        }
    }

    private void ip(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(IP.toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 30 s");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
        }
    }
}
