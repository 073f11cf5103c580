package io.switchboard.agent.boot;

import io.switchboard.agent.registry.RegistryCredential;
import io.switchboard.agent.registry.RegistryFactory;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.registry.SignedRegistry;
import io.switchboard.transport.aeron.auth.AuthSecret;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the configured service registry ({@code switchboard.registry}) and publishes it as
 * {@link ServiceRegistry} for the call and serving paths.
 */
final class RegistryComponent implements AgentComponent
{
    private ServiceRegistry registry;

    @Override
    public String name()
    {
        return "registry";
    }

    @Override
    public void start(final AgentContext context)
    {
        final String dir = context.config().registryDir();
        final AuthSecret secret = AgentSecret.get(context);
        final ServiceRegistry backend = RegistryFactory.open(context.config().registry(), dir.isEmpty() ? null : Path.of(dir),
            Duration.ofMillis(context.config().registrySessionTimeoutMillis()),
            RegistryCredential.fromConfig(context.config()).orElse(null));
        registry = null == secret ? SignedRegistry.withoutSecret(backend, context.log()::warn)
            : new SignedRegistry(backend, secret, context.log()::warn);
        context.put(ServiceRegistry.class, registry);
    }

    @Override
    public void close()
    {
        if (null != registry)
        {
            registry.close();
        }
    }
}
