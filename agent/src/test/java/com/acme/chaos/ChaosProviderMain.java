package com.acme.chaos;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A provider process of the chaos tests: constructs a {@link LedgerImpl} (or, with argument
 * {@code relay}, a {@link RelayImpl}), which the agent exports, then serves until killed, until a
 * line {@code exit} on stdin makes it call {@code System.exit(0)}, or for at most 120 s.
 */
public final class ChaosProviderMain
{
    private ChaosProviderMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Object served = args.length > 0 && "relay".equals(args[0]) ? new RelayImpl() : new LedgerImpl();
        System.out.println("provider: ready " + served.getClass().getSimpleName() + " pid=" + ProcessHandle.current().pid());
        final Thread commands = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); null != line; line = in.readLine())
                {
                    if ("exit".equals(line.strip()))
                    {
                        System.out.println("provider: System.exit(0)");
                        System.exit(0);
                    }
                }
            }
            catch (final Exception ignored)
            {
                // stdin closed: keep serving until killed
            }
        }, "commands");
        commands.setDaemon(true);
        commands.start();
        Thread.sleep(120_000);
        System.out.println("provider: lived 120 s, exiting");
    }
}
