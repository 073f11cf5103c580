package io.switchboard.agent.cli;

import io.switchboard.agent.registry.zookeeper.DevZooKeeperServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code registry}: runs a standalone ZooKeeper server for development, until interrupted (Ctrl-C).
 */
public final class RegistryCommand implements Command
{
    /** The ZooKeeper client port when {@code --port} is absent. */
    public static final int DEFAULT_PORT = 2181;

    /** The address listened on when {@code --host} is absent. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    @Override
    public String name()
    {
        return "registry";
    }

    @Override
    public String summary()
    {
        return "run a standalone ZooKeeper registry for development";
    }

    @Override
    public List<Option> options()
    {
        return List.of(
            Option.value("port", "<port>", "client port (default " + DEFAULT_PORT + ")"),
            Option.value("host", "<address>", "address to listen on (default " + DEFAULT_HOST +
                "; use this host's address for agents on other hosts)"),
            Option.value("dir", "<dir>", "data directory (default: a new temporary directory)"));
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context) throws Exception
    {
        final int port = args.intValue("port", DEFAULT_PORT);
        if (port < 1 || port > 65535)
        {
            throw new UsageException("option --port needs a port from 1 to 65535, not " + port);
        }
        final String host = args.value("host", DEFAULT_HOST);
        final String dirOption = args.value("dir", null);
        final Path dir = null != dirOption ?
            Files.createDirectories(Path.of(dirOption)) : Files.createTempDirectory("switchboard-zookeeper-");
        final String where = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        final DevZooKeeperServer server = new DevZooKeeperServer(host, port, dir);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            server.stop();
            try
            {
                stopped.await(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "switchboard-registry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            server.run(() ->
            {
                context.out().println("switchboard registry: ZooKeeper listening on " + where + ", data in " + dir +
                    "; use registry=zookeeper://" + where + " (development only; Ctrl-C stops it)");
                context.out().flush();
            });
            context.err().println("switchboard registry: stopped");
            return Cli.EXIT_OK;
        }
        catch (final java.io.IOException ex)
        {
            context.err().println("switchboard registry: cannot listen on " + where + " with data in " + dir + ": " +
                ex.getMessage() + "; is another ZooKeeper on that port? choose one with --port");
            return Cli.EXIT_FAILURE;
        }
        finally
        {
            stopped.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // shutting down: the hook is running
            }
        }
    }
}
