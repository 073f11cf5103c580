package io.switchboard.agent.it.security;

import static org.awaitility.Awaitility.await;

import com.acme.secure.VaultConsumerMain;
import com.acme.secure.VaultProviderMain;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.driver.ShmDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real provider and consumer JVMs of {@code com.acme.secure.Vault} in one private registry, each with
 * or without the shared secret (given as {@code SWITCHBOARD_AUTH_SECRET}), each provider journaling
 * what it ran; and readers of the bytes a provider's media driver received.
 */
final class SecureCluster implements AutoCloseable
{
    static final String VAULT = "com.acme.secure.Vault";
    static final String SECRET = "it-secret-0123456789-abcdefghij";

    final Path workDir;
    final Path registryDir;
    private final List<ChildJvm.Running> children = new ArrayList<>();

    SecureCluster(final Path workDir) throws IOException
    {
        this.workDir = workDir;
        this.registryDir = Files.createDirectories(workDir.resolve("registry"));
    }

    private static Map<String, String> env(final String secret)
    {
        final Map<String, String> env = new HashMap<>();
        if (null != secret)
        {
            env.put("SWITCHBOARD_AUTH_SECRET", secret);
        }
        return env;
    }

    /**
     * These tests attack and inspect the UDP wire and each process's own driver files: every JVM embeds its
     * driver (the default shared one would carry their calls over aeron:ipc).
     */
    static final String WIRE = "driver=embedded";

    /** Starts a provider (secret may be null) and waits until it serves. */
    ChildJvm.Running provider(final String name, final String secret, final String extraAgentArgs) throws IOException
    {
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add("-Dchaos.journal=" + Files.createDirectories(journalDir(name)));
        command.add(E2e.javaagent("provide=" + VAULT + "," + E2e.registry(registryDir) + ",service.name=vault-" + name +
            "," + WIRE + (extraAgentArgs.isEmpty() ? "" : "," + extraAgentArgs)));
        command.addAll(List.of("-cp", E2e.appClassPath(), VaultProviderMain.class.getName()));
        final ChildJvm.Running provider = track(ChildJvm.start(workDir, env(secret), command));
        E2e.awaitServing(provider, VAULT);
        return provider;
    }

    /** Starts a consumer that stores each text once, and waits until it printed every result. */
    ChildJvm.Running consumer(final String secret, final String extraAgentArgs, final String... texts) throws IOException
    {
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add(E2e.javaagent(E2e.registry(registryDir) + ",service.name=vault-consumer,timeout.ms=4000," + WIRE +
            (extraAgentArgs.isEmpty() ? "" : "," + extraAgentArgs)));
        command.addAll(List.of("-cp", E2e.appClassPath(), VaultConsumerMain.class.getName()));
        command.addAll(List.of(texts));
        final ChildJvm.Running consumer = track(ChildJvm.start(workDir, env(secret), command));
        await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(100))
            .until(() -> consumer.out().contains("result done") || !consumer.process.isAlive());
        return consumer;
    }

    Path journalDir(final String provider)
    {
        return workDir.resolve("journal-" + provider);
    }

    /** @return every text the provider ran, in order. */
    List<String> journal(final String provider) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        if (Files.isDirectory(journalDir(provider)))
        {
            try (Stream<Path> files = Files.list(journalDir(provider)))
            {
                for (final Path file : files.toList())
                {
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
        }
        return lines;
    }

    /** @return the endpoint the provider with this pid registered. */
    Endpoint endpointOf(final long pid) throws IOException
    {
        try (Stream<Path> files = Files.walk(registryDir))
        {
            for (final Path file : files.filter(Files::isRegularFile).toList())
            {
                final String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.contains("\npid=" + pid + "\n"))
                {
                    for (final String line : text.split("\n"))
                    {
                        if (line.startsWith("endpoint="))
                        {
                            return Endpoint.parse(line.substring("endpoint=".length()));
                        }
                    }
                }
            }
        }
        throw new AssertionError("no registry entry of pid " + pid + " under " + registryDir);
    }

    /** @return the contents of every file of the embedded media driver of the JVM with this pid. */
    static List<byte[]> driverFiles(final long pid) throws IOException
    {
        final List<byte[]> contents = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ShmDirectories.root(), ShmDirectories.PREFIX + "*-" + pid + "-*"))
        {
            for (final Path dir : dirs)
            {
                try (Stream<Path> files = Files.walk(dir))
                {
                    for (final Path file : files.filter(Files::isRegularFile).toList())
                    {
                        contents.add(Files.readAllBytes(file));
                    }
                }
            }
        }
        if (contents.isEmpty())
        {
            throw new AssertionError("no media driver files of pid " + pid + " under " + ShmDirectories.root());
        }
        return contents;
    }

    static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private ChildJvm.Running track(final ChildJvm.Running child)
    {
        children.add(child);
        return child;
    }

    @Override
    public void close()
    {
        for (final ChildJvm.Running child : children)
        {
            child.close();
        }
    }
}
