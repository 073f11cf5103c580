package io.switchboard.agent.cli;

import io.switchboard.agent.call.outcome.PublishedOutcomes;
import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.registry.RegistryCredential;
import io.switchboard.agent.registry.RegistryFactory;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.registry.ServicesTable;
import io.switchboard.agent.registry.zookeeper.ZooKeeperRegistry;
import io.switchboard.transport.aeron.driver.ShmDirectories;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code services}: prints a table of the registered services and their instances, then the call
 * outcome counters of the consumers running on this host (when any has made remote calls).
 */
public final class ServicesCommand implements Command
{
    @Override
    public String name()
    {
        return "services";
    }

    @Override
    public String summary()
    {
        return "list the registered services and their instances, and this host's consumers' call outcomes";
    }

    @Override
    public List<Option> options()
    {
        return List.of(
            Option.value("registry", "<address>", "local or zookeeper://host:port[,...][/chroot] (default: " +
                ConfigKeys.REGISTRY.propertyName() + ")"),
            Option.value("registry-dir", "<dir>", "local registry directory (default: " +
                ConfigKeys.REGISTRY_DIR.propertyName() + ")"),
            Option.value("auth-file", "<file>", "file holding the ZooKeeper digest credential user:password " +
                "(default: " + ConfigKeys.REGISTRY_AUTH.envName() + " or " +
                ConfigKeys.REGISTRY_AUTH_FILE.propertyName() + "); listing needs none, it also locks the " +
                "registry's nodes with digest ACLs"));
    }

    // Consumers publish their call outcomes as counters in their media driver's CnC file; read this host's:
    // the shared driver's, every embedded driver's, and an external one's when configured.
    private static void printCallOutcomes(final CommandContext context)
    {
        final List<Path> driverDirs = new ArrayList<>(
            PublishedOutcomes.sharedDriverDirs(Path.of(context.config().driverSharedDir())));
        final String aeronDir = context.config().aeronDir();
        final String driver = context.config().driver();
        if (!aeronDir.isEmpty())
        {
            driverDirs.add(Path.of(aeronDir));
        }
        else if (!"shared".equals(driver) && !"embedded".equals(driver))
        {
            driverDirs.add(Path.of(driver));
        }
        final List<PublishedOutcomes.Row> rows = PublishedOutcomes.read(ShmDirectories.root(), driverDirs);
        if (!rows.isEmpty())
        {
            context.out().println();
            context.out().println("Calls made by the consumers running on this host:");
            context.out().print(PublishedOutcomes.render(rows));
        }
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context) throws InterruptedException
    {
        final String registrySpec = args.value("registry", null);
        final String dir = args.value("registry-dir", null);
        final String spec = null != registrySpec ? registrySpec : context.config().registry().toString();
        final String localDir = null != dir ? dir : context.config().registryDir();
        final String authFile = args.value("auth-file", null);
        try (ServiceRegistry registry = RegistryFactory.open(RegistrySpec.parse(spec), Path.of(localDir),
            RegistryFactory.DEFAULT_SESSION_TIMEOUT, null != authFile ?
                RegistryCredential.readFile(Path.of(authFile)) : RegistryCredential.fromConfig(context.config()).orElse(null)))
        {
            context.out().println(registry.describe());
            if (registry instanceof ZooKeeperRegistry zooKeeper && !zooKeeper.awaitFirstSync(Duration.ofSeconds(5)))
            {
                context.err().println("switchboard services: " + registry.describe() +
                    " did not answer within 5 s; is ZooKeeper running there?");
                return 1;
            }
            context.out().print(ServicesTable.render(registry.all(), Instant.now()));
            printCallOutcomes(context);
            return 0;
        }
        catch (final IllegalArgumentException ex)
        {
            context.err().println("switchboard services: " + ex.getMessage());
            return 1;
        }
    }
}
