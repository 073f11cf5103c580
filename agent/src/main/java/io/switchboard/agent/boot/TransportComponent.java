package io.switchboard.agent.boot;

import io.switchboard.agent.auth.SharedSecret;
import io.switchboard.agent.call.TransportHandle;
import io.switchboard.agent.config.ConfigException;
import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.Profile;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.bootstrap.Dispatch;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.auth.AuthSecret;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.driver.SharedDriver;
import io.switchboard.transport.aeron.server.SessionLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Launches the Aeron transport (media driver, client, polling thread) on a background thread, so
 * {@code main} does not wait for the media driver: a consumer's first call, and a provider's first
 * export (its registration), wait only for what is left.
 */
public final class TransportComponent implements AgentComponent, TransportHandle
{
    private final CompletableFuture<AeronTransport> transport = new CompletableFuture<>();

    @Override
    public String name()
    {
        return "transport";
    }

    @Override
    public void start(final AgentContext context)
    {
        final SwitchboardConfig config = context.config();
        final TransportConfig.Builder builder = TransportConfig.builder()
            .host(config.bind().host())
            .serverPort(config.bind().port())
            .maxMessageBytes(config.maxMessageBytes())
            .busySpin(config.profile() == Profile.LOW_LATENCY)
            .pollerSpinNanos(config.profile() == Profile.LOW_LATENCY ? TimeUnit.SECONDS.toNanos(1) :
                TimeUnit.MICROSECONDS.toNanos(50))
            .sessionLimits(new SessionLimits(config.get(ConfigKeys.PROVIDER_MAX_SESSIONS),
                config.get(ConfigKeys.PROVIDER_MAX_SESSION_CONCURRENT),
                Duration.ofMillis(config.get(ConfigKeys.PROVIDER_HANDSHAKE_TIMEOUT_MS))))
            .errorHandler(ex ->
            {
                if (ex instanceof AeronTransport.DriverLostNotice)
                {
                    context.log().line(ex.getMessage()); // media driver lost or re-attached: one line, no trace
                }
                else
                {
                    context.log().error("transport error", ex);
                }
            });
        final AuthSecret secret = AgentSecret.get(context);
        final boolean encrypt = config.get(ConfigKeys.AUTH_ENCRYPT);
        if (encrypt && null == secret)
        {
            throw new ConfigException("switchboard: " + ConfigKeys.AUTH_ENCRYPT.propertyName() + "=true needs the shared " +
                "secret to derive keys from: set " + ConfigKeys.AUTH_SECRET.envName() + " or " +
                ConfigKeys.AUTH_SECRET_FILE.propertyName());
        }
        builder.authSecret(secret).encrypt(encrypt);
        context.addStartupDetail("auth", SharedSecret.describe(secret, encrypt));
        chooseDriver(config, builder, context.log());
        final TransportConfig transportConfig = builder.build();
        context.put(TransportComponent.class, this);

        final boolean provider = !config.provide().isEmpty();
        final Thread launcher = new Thread(() -> launch(transportConfig, context.log(), provider),
            "switchboard-transport-launch");
        launcher.setDaemon(true);
        launcher.start();
    }

    // switchboard.aeron.dir (older, still honoured) wins over switchboard.driver.
    private static void chooseDriver(final SwitchboardConfig config, final TransportConfig.Builder builder,
        final AgentLog log)
    {
        final String driver = config.aeronDir().isEmpty() ? config.driver() : config.aeronDir();
        if ("embedded".equals(driver))
        {
            return;
        }
        if (!"shared".equals(driver))
        {
            builder.driverDir(Path.of(driver));
            return;
        }
        final String agentJar = Dispatch.agentLocation();
        if (null == agentJar)
        {
            log.warn(ConfigKeys.DRIVER.propertyName() + "=shared needs the agent jar to start the shared driver, " +
                "and this agent does not know its jar; using an embedded driver");
            return;
        }
        final List<String> command = List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // A driver allocates little: a small heap and the serial collector keep its footprint and pauses small.
            "-XX:+UseSerialGC", "-Xms16m", "-Xmx96m",
            "-jar", agentJar, "driver", "--profile", config.profile().toString());
        builder.sharedDriver(new SharedDriver.Settings(
            Path.of(config.driverSharedDir()), Duration.ofMillis(config.driverIdleMillis()), command));
    }

    private void launch(final TransportConfig config, final AgentLog log, final boolean provider)
    {
        try
        {
            final long startNs = System.nanoTime();
            final AeronTransport launched = AeronTransport.launch(config);
            // A consumer that merely attached to the shared driver stays silent, as does a private embedded
            // driver; a provider says which driver it serves on, and starting or replacing a driver is worth a
            // line, since other processes' fate is tied to it.
            final String driver = launched.driver().description();
            if (!launched.driver().isEmbedded() && (provider || !driver.startsWith("attached to the shared")))
            {
                log.line("switchboard: transport: " + driver + "; transport ready in " +
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
            }
            transport.complete(launched);
        }
        catch (final Throwable ex)
        {
            transport.completeExceptionally(ex);
        }
    }

    @Override
    public AeronTransport get()
    {
        try
        {
            return transport.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Switchboard transport was starting", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("the Switchboard transport (Aeron media driver) could not start: " +
                ex.getCause().getMessage(), ex.getCause());
        }
    }

    @Override
    public void whenReady(final Consumer<AeronTransport> action)
    {
        transport.thenAccept(action);
    }

    /**
     * @param action told, on the launching thread, why the transport could not start.
     */
    public void whenFailed(final Consumer<Throwable> action)
    {
        transport.whenComplete((launched, failure) ->
        {
            if (null != failure)
            {
                action.accept(failure);
            }
        });
    }

    @Override
    public void close()
    {
        transport.thenAccept(AeronTransport::close);
    }
}
