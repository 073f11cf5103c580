package io.switchboard.transport.aeron.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.TransportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShmDirectoriesTest
{
    @Test
    void privateDirNamesUserAndPid()
    {
        final String name = ShmDirectories.newPrivateDir().getFileName().toString();
        assertThat(name).startsWith("switchboard-" + ShmDirectories.user() + "-" + ProcessHandle.current().pid() + "-");
        assertThat(ShmDirectories.pidOf(name, "switchboard-" + ShmDirectories.user() + "-"))
            .isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void deletesDirectoriesOfDeadProcessesOnly() throws Exception
    {
        final long deadPid = findDeadPid();
        final Path stale = ShmDirectories.root().resolve("switchboard-" + ShmDirectories.user() + "-" + deadPid + "-0");
        Files.createDirectories(stale.resolve("sub"));
        final Path mine = ShmDirectories.newPrivateDir();
        Files.createDirectories(mine);
        try
        {
            ShmDirectories.deleteStale();
            assertThat(stale).doesNotExist();
            assertThat(mine).exists();
        }
        finally
        {
            Files.deleteIfExists(mine);
        }
    }

    @Test
    void embeddedDriverDirIsRemovedOnClose()
    {
        final Path dir;
        final String id;
        try (AeronTransport transport = AeronTransport.launch(TransportConfig.builder().build()))
        {
            dir = transport.driver().dir();
            id = transport.driverId();
            assertThat(dir).exists();
            assertThat(transport.driver().isEmbedded()).isTrue();
        }
        assertThat(dir).doesNotExist();
        assertThat(id).endsWith(":" + dir);
    }

    private static long findDeadPid()
    {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent())
        {
            pid--;
        }
        return pid;
    }
}
