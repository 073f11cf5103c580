package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.NoProviderMessage;
import io.switchboard.agent.registry.ServiceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRegistryDirectoryTest
{
    @Test
    void theDefaultDirectoryIsPerUserAndPrefersSharedMemory()
    {
        final Path dir = LocalRegistryDirectory.defaultDirectory();
        assertThat(dir.getFileName()).hasToString("registry");
        assertThat(dir.getParent().getFileName().toString())
            .isEqualTo("switchboard-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"));
        if (Files.isWritable(Path.of("/dev/shm")))
        {
            assertThat(dir.toString()).startsWith("/dev/shm/");
        }
    }

    @Test
    void createsMissingDirectoriesReadableOnlyByTheOwner(@TempDir final Path tmp) throws Exception
    {
        final Path dir = tmp.resolve("switchboard-me").resolve("registry");
        LocalRegistry.open(dir).close();
        assertThat(dir).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAClearError(@TempDir final Path tmp) throws Exception
    {
        final Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> LocalRegistry.open(file.resolve("registry")))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageContaining("cannot use local registry directory " + file.resolve("registry"))
            .hasMessageContaining("switchboard.registry.dir");
    }

    @Test
    void theNoProviderMessageNamesTheServiceTheRegistryAndTheFix(@TempDir final Path tmp)
    {
        try (LocalRegistry registry = LocalRegistry.open(tmp))
        {
            assertThat(NoProviderMessage.of(ServiceKey.of("com.acme.Inventory", ""), registry)).isEqualTo(
                "no provider of com.acme.Inventory (version \"\") is registered in local registry " + tmp +
                "; start one with -javaagent:switchboard-agent.jar=provide=com.acme.Inventory");
        }
    }
}
