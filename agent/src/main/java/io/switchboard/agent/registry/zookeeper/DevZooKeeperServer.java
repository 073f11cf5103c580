package io.switchboard.agent.registry.zookeeper;

import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

import java.nio.file.Path;
import java.util.Properties;

/**
 * A single ZooKeeper server for development ({@code java -jar switchboard-agent.jar registry}): ZooKeeper's
 * own {@link ZooKeeperServerMain} on one port and data directory, without the admin HTTP server. Not for
 * production: run a ZooKeeper ensemble there.
 */
public final class DevZooKeeperServer
{
    /** Ticks of 500 ms: sessions from 1 s to 10 s, so the 5 s default session timeout is honoured. */
    static final int TICK_MILLIS = 500;

    private final String host;
    private final int port;
    private final Path dataDir;
    private final Main main = new Main();

    /**
     * @param host    address to listen on
     * @param port    client port
     * @param dataDir where snapshots and the transaction log go
     */
    public DevZooKeeperServer(final String host, final int port, final Path dataDir)
    {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Runs the server on the calling thread until {@link #stop()} is called.
     *
     * @param onStarted run once the server accepts connections
     * @throws Exception when the configuration is refused or the port cannot be bound
     */
    public void run(final Runnable onStarted) throws Exception
    {
        // Our own process (the CLI): no admin web server (its Jetty is not bundled), no log4j JMX beans.
        System.setProperty("zookeeper.admin.enableServer", "false");
        System.setProperty("zookeeper.jmx.log4j.disable", "true");
        final Properties properties = new Properties();
        properties.setProperty("dataDir", dataDir.toAbsolutePath().toString());
        properties.setProperty("clientPort", Integer.toString(port));
        properties.setProperty("clientPortAddress", host);
        properties.setProperty("tickTime", Integer.toString(TICK_MILLIS));
        properties.setProperty("maxClientCnxns", "0");
        // ZooKeeper loads its metrics provider through the context loader; ours is the agent's isolated one.
        final Thread thread = Thread.currentThread();
        final ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DevZooKeeperServer.class.getClassLoader());
        try
        {
            final QuorumPeerConfig quorumConfig = new QuorumPeerConfig();
            quorumConfig.parseProperties(properties);
            final ServerConfig config = new ServerConfig();
            config.readFrom(quorumConfig);
            main.onStarted = onStarted;
            main.runFromConfig(config);
        }
        finally
        {
            thread.setContextClassLoader(previous);
        }
    }

    /** Stops the server; {@link #run} then returns. */
    public void stop()
    {
        main.stop();
    }

    private static final class Main extends ZooKeeperServerMain
    {
        private volatile Runnable onStarted;

        @Override
        protected void serverStarted()
        {
            final Runnable r = onStarted;
            if (r != null)
            {
                r.run();
            }
        }

        void stop()
        {
            shutdown();
        }
    }
}
