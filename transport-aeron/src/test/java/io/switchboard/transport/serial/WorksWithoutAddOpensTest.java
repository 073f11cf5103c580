package io.switchboard.transport.serial;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The surefire JVM opens java.base packages for other tests; users' JVMs do not. This runs the
 * round trips in a child JVM that only exports {@code jdk.internal.misc} (for Agrona).
 */
class WorksWithoutAddOpensTest
{
    @Test
    void everySampleValueAndExceptionRoundTripsWithoutAddOpens() throws Exception
    {
        final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        final Process process = new ProcessBuilder(List.of(java,
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), NoAddOpensProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
        try
        {
            final boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exited).as("child JVM finished").isTrue();
            assertThat(output).contains("ALL OK");
            assertThat(process.exitValue()).as(output).isZero();
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
