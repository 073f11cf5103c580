package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.ProviderRecord;

import java.nio.file.Path;

/**
 * Test provider process: registers {@code args[1]} in the local registry at {@code args[0]}, prints
 * {@code registered <instanceId>}, and stays up until its standard input closes (so it never outlives
 * the test JVM that started it) or it is killed.
 */
public final class RegistryProviderMain
{
    private RegistryProviderMain()
    {
    }

    /**
     * @param args registry directory, service name
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception
    {
        final LocalRegistry registry = LocalRegistry.open(Path.of(args[0]));
        final ProviderRecord record = ProviderRecord.builder(args[1]).endpoint("aeron:ipc|child").build();
        registry.register(record);
        System.out.println("registered " + record.instanceId());
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // wait for the parent to close stdin or die
        }
    }
}
