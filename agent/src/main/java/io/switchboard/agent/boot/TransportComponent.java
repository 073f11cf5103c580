package io.switchboard.agent.boot;

import io.switchboard.agent.auth.SharedSecret;
import io.switchboard.agent.call.TransportHandle;
import io.switchboard.agent.config.ConfigException;
import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.Profile;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.auth.AuthSecret;
import io.switchboard.transport.aeron.TransportConfig;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Launches the Aeron transport (media driver, client, polling thread). A provider launches it
 * before {@code main} so its endpoint is in the startup line; a consumer launches it on a
 * background thread, so {@code main} does not wait for the media driver, and its first call waits
 * only for what is left.
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
            .errorHandler(ex -> context.log().error("transport error", ex));
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
        if (!config.aeronDir().isEmpty())
        {
            builder.driverDir(Path.of(config.aeronDir()));
        }
        final TransportConfig transportConfig = builder.build();
        context.put(TransportComponent.class, this);

        if (!config.provide().isEmpty())
        {
            launch(transportConfig);
            return;
        }
        final Thread launcher = new Thread(() -> launch(transportConfig), "switchboard-transport-launch");
        launcher.setDaemon(true);
        launcher.start();
    }

    private void launch(final TransportConfig config)
    {
        try
        {
            transport.complete(AeronTransport.launch(config));
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

    @Override
    public void close()
    {
        transport.thenAccept(AeronTransport::close);
    }
}
