package io.switchboard.agent.cli;

import io.aeron.CommonContext;
import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.driver.StandaloneDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code driver}: runs a standalone Aeron media driver that the agents of one host share
 * ({@code switchboard.aeron.dir}), until interrupted.
 */
public final class DriverCommand implements Command
{
    @Override
    public String name()
    {
        return "driver";
    }

    @Override
    public String summary()
    {
        return "run a shared Aeron media driver for the agents of this host";
    }

    @Override
    public List<Option> options()
    {
        return List.of(
            Option.value("aeron-dir", "<dir>", "driver directory (default: " + ConfigKeys.AERON_DIR.propertyName() +
                ", else Aeron's default)"),
            Option.value("profile", "<profile>", "balanced or low-latency (default: " +
                ConfigKeys.PROFILE.propertyName() + ")"),
            Option.value("idle-exit-ms", "<ms>", "exit once no agent has used the driver for this long (default: " +
                "run until stopped; agents that start the shared driver pass " +
                ConfigKeys.DRIVER_IDLE_MS.propertyName() + ")"));
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context) throws UsageException
    {
        final String profile = args.value("profile", context.config().profile().toString());
        if (!"balanced".equals(profile) && !"low-latency".equals(profile))
        {
            throw new UsageException("option --profile needs balanced or low-latency, not \"" + profile + "\"");
        }
        final String idle = args.value("idle-exit-ms", "");
        final Duration idleExit;
        try
        {
            idleExit = idle.isEmpty() ? null : Duration.ofMillis(Long.parseLong(idle));
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("option --idle-exit-ms needs a whole number of milliseconds, not \"" + idle + "\"");
        }
        final String configured = args.value("aeron-dir", context.config().aeronDir());
        final Path dir = Path.of(configured.isEmpty() ? CommonContext.getAeronDirectoryName() : configured);
        context.out().println("switchboard driver: media driver running in " + dir + " (pid " +
            ProcessHandle.current().pid() + ", profile " + profile + "); start agents with driver=" + dir +
            " to share it; " + (null == idleExit ? "Ctrl-C stops it" : "exits " + idleExit.toMillis() +
            " ms after its last client left"));
        context.out().flush();
        StandaloneDriver.run(dir, TransportConfig.builder().busySpin("low-latency".equals(profile)).build(), idleExit);
        return 0;
    }
}
