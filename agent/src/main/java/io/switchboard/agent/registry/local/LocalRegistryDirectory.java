package io.switchboard.agent.registry.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The files of the local registry: where the directory is, how an entry is named, written atomically,
 * refreshed and removed.
 */
public final class LocalRegistryDirectory
{
    /** Suffix of provider entries. */
    static final String ENTRY_SUFFIX = ".provider";
    /** Suffix of files being written; never read as entries. */
    static final String TEMP_SUFFIX = ".tmp";

    private static final int MAX_NAME_LENGTH = 120;

    private final Path path;

    private LocalRegistryDirectory(final Path path)
    {
        this.path = path;
    }

    /**
     * The default directory: {@code /dev/shm/switchboard-<user>/registry} when {@code /dev/shm} is a
     * writable directory (memory-backed, wiped at reboot), else
     * {@code ${java.io.tmpdir}/switchboard-<user>/registry}.
     *
     * @return the default directory (not created)
     */
    public static Path defaultDirectory()
    {
        final String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("switchboard-" + user).resolve("registry");
    }

    /**
     * Creates the directory if needed, readable only by its owner where the file system allows it
     * (a writable registry lets a writer redirect calls).
     *
     * @param path the directory
     * @return the opened directory
     * @throws UncheckedIOException when it cannot be created or is not writable
     */
    static LocalRegistryDirectory open(final Path path)
    {
        final Path dir = path.toAbsolutePath().normalize();
        try
        {
            if (!Files.isDirectory(dir))
            {
                createPrivate(dir.getParent());
                createPrivate(dir);
            }
            if (!Files.isWritable(dir))
            {
                throw new IOException("not writable");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot use local registry directory " + dir + " (" + ex +
                "); set switchboard.registry.dir to a writable directory", ex);
        }
        return new LocalRegistryDirectory(dir);
    }

    private static void createPrivate(final Path dir) throws IOException
    {
        if (dir == null || Files.isDirectory(dir))
        {
            return;
        }
        createPrivate(dir.getParent());
        try
        {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createDirectory(dir);
        }
        catch (final FileAlreadyExistsException ex)
        {
            // another process won the race; fine if it is a directory
            if (!Files.isDirectory(dir))
            {
                throw ex;
            }
        }
    }

    /** @return the directory */
    public Path path()
    {
        return path;
    }

    /**
     * @param instanceId a provider instance id
     * @return the entry file for it: the id itself when it is a short safe file name, else a
     *         sanitised prefix plus a hash
     */
    Path entryFile(final String instanceId)
    {
        final String safe = instanceId.replaceAll("[^A-Za-z0-9._-]", "_");
        final String name = safe.equals(instanceId) && safe.length() <= MAX_NAME_LENGTH && !safe.startsWith(".") ?
            safe :
            safe.substring(0, Math.min(safe.length(), MAX_NAME_LENGTH - 9)).replaceFirst("^\\.+", "_") + "-" +
                String.format("%08x", instanceId.hashCode());
        return path.resolve(name + ENTRY_SUFFIX);
    }

    /**
     * Writes a file so readers see either the old or the whole new content: write a temporary file in
     * the same directory, then rename it over the target.
     *
     * @param target  the entry file
     * @param content its content
     * @throws IOException when writing fails
     */
    void writeAtomically(final Path target, final byte[] content) throws IOException
    {
        final Path temp = path.resolve("." + target.getFileName() + "." +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try
        {
            Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try
            {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Heartbeat: sets the entry's modification time to now.
     *
     * @param target    the entry file
     * @param nowMillis the time to set
     * @return false when the file is gone (someone judged it stale), so the caller writes it again
     * @throws IOException on other failures
     */
    boolean touch(final Path target, final long nowMillis) throws IOException
    {
        try
        {
            Files.setLastModifiedTime(target, FileTime.fromMillis(nowMillis));
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
    }

    /**
     * @param target a file to remove
     * @return whether it existed
     */
    boolean delete(final Path target)
    {
        try
        {
            return Files.deleteIfExists(target);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    @Override
    public String toString()
    {
        return path.toString();
    }
}
