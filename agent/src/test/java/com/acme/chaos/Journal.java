package com.acme.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The executions of one process, one request id a line, in {@code executed-<pid>.log} under the
 * directory named by the system property {@code chaos.journal}. Each id is written with one
 * {@code write} system call and no user-space buffer, so it is in the kernel (and survives a
 * {@code kill -9} of the process) as soon as {@link #append} returns.
 */
public final class Journal
{
    private static final String DIR_PROPERTY = "chaos.journal";
    private static FileChannel channel;

    private Journal()
    {
    }

    /**
     * @param id the request id that ran here.
     */
    public static synchronized void append(final String id)
    {
        try
        {
            if (null == channel)
            {
                channel = FileChannel.open(dir().resolve("executed-" + ProcessHandle.current().pid() + ".log"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            final ByteBuffer line = ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining())
            {
                channel.write(line);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Creates an empty marker file in the journal directory.
     *
     * @param name the marker's name.
     */
    public static void mark(final String name)
    {
        try
        {
            Files.writeString(dir().resolve(name), "");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path dir()
    {
        final String dir = System.getProperty(DIR_PROPERTY);
        if (null == dir)
        {
            throw new IllegalStateException("set -D" + DIR_PROPERTY + "=<directory>");
        }
        return Path.of(dir);
    }
}
