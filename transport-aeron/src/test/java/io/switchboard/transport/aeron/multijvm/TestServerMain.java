package io.switchboard.transport.aeron.multijvm;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.EchoHandler;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.server.Server;
import java.nio.file.Paths;

/**
 * Child-JVM server for multi-JVM tests: {@code TestServerMain <driverDir|-> <maxMessageBytes>}.
 * Prints {@code ENDPOINT <endpoint>} once serving, then runs until killed or stdin closes.
 */
public final class TestServerMain
{
    public static void main(final String[] args) throws Exception
    {
        final TransportConfig.Builder config = TransportConfig.builder().maxMessageBytes(Integer.parseInt(args[1]));
        if (!"-".equals(args[0]))
        {
            config.driverDir(Paths.get(args[0]));
        }
        try (AeronTransport transport = AeronTransport.launch(config.build()))
        {
            final Server server = transport.startServer(new EchoHandler(transport.counters()));
            System.out.println("ENDPOINT " + server.endpoint());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // Runs until the parent closes stdin or kills this process.
            }
        }
    }
}
