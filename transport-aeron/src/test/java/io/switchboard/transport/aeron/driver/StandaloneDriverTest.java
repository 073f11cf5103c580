package io.switchboard.transport.aeron.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.server.Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandaloneDriverTest
{
    @Test
    void transportsAttachedToOneStandaloneDriverTalkOverIpcAndTheDriverStopsOnInterrupt() throws Exception
    {
        final Path dir = ShmDirectories.root().resolve("switchboard-test-standalone-" + ProcessHandle.current().pid());
        final Thread driverThread = new Thread(() -> StandaloneDriver.run(dir), "standalone-driver");
        driverThread.start();
        try
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> dir.resolve("cnc.dat").toFile().exists());
            final TransportConfig attached = TransportConfig.builder().driverDir(dir).build();
            try (AeronTransport a = AeronTransport.launch(attached); AeronTransport b = AeronTransport.launch(attached))
            {
                assertThat(a.driverId()).isEqualTo(b.driverId());
                assertThat(a.driver().isEmbedded()).isFalse();
                final Server server = a.startServer((request, responder) ->
                    responder.reply(request.correlationId(), CallStatus.OK, null, 0, 0));
                final ClientSession session = b.connect(server.endpoint());
                assertThat(session.isIpc()).isTrue();
                final Response r = session.call(1, 1, null, 0, 0, TimeUnit.SECONDS.toNanos(5));
                assertThat(r.status()).as(r.toString()).isEqualTo(CallStatus.OK);
            }
        }
        finally
        {
            driverThread.interrupt();
            driverThread.join(10_000);
        }
        assertThat(driverThread.isAlive()).isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void anIdleDriverWhoseDirectoryWasDeletedExits() throws Exception
    {
        // A clean-up that removes the shared base directory (driver dir, lock and pid files) while the driver idles:
        // nobody can attach to it any more, so it must not run on for good.
        final Path base = ShmDirectories.root().resolve("switchboard-test-orphan-" + ProcessHandle.current().pid());
        final Path dir = base.resolve("driver-test");
        java.nio.file.Files.createDirectories(base);
        final Thread driverThread = new Thread(
            () -> StandaloneDriver.run(dir, TransportConfig.builder().build(), Duration.ofMillis(200)), "orphan-driver");
        driverThread.setDaemon(true);
        driverThread.start();
        try
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> dir.resolve("cnc.dat").toFile().exists());
            org.agrona.IoUtil.delete(base.toFile(), false);
            await().atMost(Duration.ofSeconds(30)).until(() -> !driverThread.isAlive());
        }
        finally
        {
            driverThread.interrupt();
            driverThread.join(10_000);
            org.agrona.IoUtil.delete(base.toFile(), true);
        }
    }

    @Test
    void attachingWhereNoDriverRunsIsAClearError()
    {
        final Path dir = ShmDirectories.root().resolve("switchboard-test-nodriver-" + ProcessHandle.current().pid());
        assertThatThrownBy(() -> AeronTransport.launch(TransportConfig.builder().driverDir(dir).build()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no media driver at " + dir)
            .hasMessageContaining("driver");
    }
}
