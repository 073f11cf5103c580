package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.CorruptRecordException;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ProviderRecordCodec;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the live entries of the registry directory, deleting those whose process is gone or whose
 * heartbeat stopped, and skipping corrupt ones (logged once each). Parsed entries are cached by file
 * identity, so a steady directory costs one listing and one {@code stat} per entry per scan.
 *
 * <p>Not thread-safe: one scanner per watching thread.
 */
final class EntryScanner
{
    private static final System.Logger LOG = System.getLogger(EntryScanner.class.getName());

    private final LocalRegistryDirectory directory;
    private final long staleAfterMillis;
    private final Map<String, Cached> cache = new HashMap<>();
    private boolean listingFailureLogged;

    EntryScanner(final LocalRegistryDirectory directory, final long staleAfterMillis)
    {
        this.directory = directory;
        this.staleAfterMillis = staleAfterMillis;
    }

    /**
     * @param nowMillis the current time, epoch ms
     * @return the live provider records, in no particular order
     */
    List<ProviderRecord> scan(final long nowMillis)
    {
        final List<ProviderRecord> live = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.path()))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                if (name.endsWith(LocalRegistryDirectory.TEMP_SUFFIX))
                {
                    removeAbandonedTemp(file, nowMillis);
                }
                else if (name.endsWith(LocalRegistryDirectory.ENTRY_SUFFIX))
                {
                    seen.add(name);
                    final ProviderRecord record = read(file, name, nowMillis);
                    if (record != null)
                    {
                        live.add(record);
                    }
                }
            }
            listingFailureLogged = false;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (!listingFailureLogged)
            {
                listingFailureLogged = true;
                LOG.log(Level.WARNING, "cannot list local registry " + directory + ": " + ex);
            }
        }
        cache.keySet().retainAll(seen);
        return live;
    }

    private ProviderRecord read(final Path file, final String name, final long nowMillis)
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (final IOException ex)
        {
            return null; // removed between listing and stat
        }

        final long silentMillis = nowMillis - attributes.lastModifiedTime().toMillis();
        if (silentMillis > staleAfterMillis)
        {
            if (directory.delete(file))
            {
                LOG.log(Level.DEBUG, () -> "removed " + name + ": no heartbeat for " + silentMillis + " ms");
            }
            cache.remove(name);
            return null;
        }

        final Object identity = attributes.fileKey();
        Cached cached = cache.get(name);
        if (cached == null || identity == null || !Objects.equals(cached.identity, identity))
        {
            cached = parse(file, name, identity);
            if (cached == null)
            {
                return null;
            }
            cache.put(name, cached);
        }
        if (cached.record == null)
        {
            return null; // corrupt, already logged
        }
        if (!ProcessLiveness.isAlive(cached.record))
        {
            final ProviderRecord dead = cached.record;
            if (directory.delete(file))
            {
                LOG.log(Level.DEBUG, () -> "removed " + name + ": process " + dead.pid() + " is gone");
            }
            cache.remove(name);
            return null;
        }
        return cached.record;
    }

    private Cached parse(final Path file, final String name, final Object identity)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            LOG.log(Level.WARNING, "cannot read registry entry " + file + ": " + ex);
            return null;
        }
        try
        {
            return new Cached(identity, ProviderRecordCodec.decode(bytes));
        }
        catch (final CorruptRecordException ex)
        {
            final Cached previous = cache.get(name);
            if (previous == null || previous.record != null)
            {
                LOG.log(Level.WARNING, "skipping corrupt registry entry " + file + ": " + ex.getMessage());
            }
            return new Cached(identity, null);
        }
    }

    // A writer that died between write and rename leaves a temp file behind.
    private void removeAbandonedTemp(final Path file, final long nowMillis)
    {
        try
        {
            if (nowMillis - Files.getLastModifiedTime(file).toMillis() > staleAfterMillis)
            {
                directory.delete(file);
            }
        }
        catch (final IOException ignore)
        {
            // gone already
        }
    }

    private record Cached(Object identity, ProviderRecord record)
    {
    }
}
