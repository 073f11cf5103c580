package io.switchboard.agent.call;

import io.switchboard.agent.registry.CurrentProcess;
import io.switchboard.agent.registry.ProviderRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ProviderProcess} with real child processes: a running provider is never reported gone; a killed one,
 * a zombie and a reused pid are.
 */
@EnabledOnOs(OS.LINUX)
class ProviderProcessTest
{
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killChildren()
    {
        for (final Process process : started)
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private Process start(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    private static ProviderRecord recordOf(final long pid, final long startTimeMillis)
    {
        return ProviderRecord.builder("com.acme.Svc").pid(pid).startTimeMillis(startTimeMillis)
            .attribute(CurrentProcess.PID_NAMESPACE_ATTRIBUTE, CurrentProcess.pidNamespace()).build();
    }

    private static long startMillis(final ProcessHandle process)
    {
        return process.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
    }

    @Test
    void aRunningProviderIsNotGoneAndAKilledOneIs() throws Exception
    {
        final Process provider = start("sleep", "60");
        final ProviderProcess process = ProviderProcess.of(recordOf(provider.pid(), startMillis(provider.toHandle())));

        assertThat(process).isNotNull();
        assertThat(process.exited()).isFalse();
        assertThat(process.exited()).as("checked again").isFalse();

        provider.destroyForcibly();
        assertThat(provider.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exited()).isTrue();
    }

    @Test
    void aKilledProviderNotYetReapedByItsParentIsGone() throws Exception
    {
        // The shell's background child exits at once; the exec'd sleep, now its parent, never reaps it.
        final Process parent = start("sh", "-c", "sleep 0.2 & echo $!; exec sleep 60");
        final long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
            StandardCharsets.US_ASCII)).readLine().trim());
        final ProviderProcess process = ProviderProcess.of(recordOf(zombie, startMillis(ProcessHandle.of(zombie).orElseThrow())));

        await().atMost(Duration.ofSeconds(30)).until(process::exited);
        assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).as("the JDK still calls it alive").hasValue(true);
    }

    @Test
    void aPidNowHeldByAnotherProcessMeansTheProviderIsGone() throws Exception
    {
        final Process other = start("sleep", "60");
        final long anHourEarlier = startMillis(other.toHandle()) - TimeUnit.HOURS.toMillis(1);

        assertThat(ProviderProcess.of(recordOf(other.pid(), anHourEarlier)).exited()).isTrue();
    }

    @Test
    void providersWhosePidMeansNothingHereAreNotChecked()
    {
        final ProviderRecord here = recordOf(ProcessHandle.current().pid() + 1, System.currentTimeMillis());

        assertThat(ProviderProcess.of(here.toBuilder().host("elsewhere.example").build())).as("another host").isNull();
        assertThat(ProviderProcess.of(here.toBuilder().attribute(CurrentProcess.PID_NAMESPACE_ATTRIBUTE, "1").build()))
            .as("another pid namespace").isNull();
        assertThat(ProviderProcess.of(ProviderRecord.builder("com.acme.Svc").pid(here.pid())
            .startTimeMillis(here.startTimeMillis()).build())).as("no pid namespace in the record").isNull();
        assertThat(ProviderProcess.of(here.toBuilder().startTimeMillis(0).build())).as("no start time").isNull();
        assertThat(ProviderProcess.of(recordOf(CurrentProcess.pid(), CurrentProcess.startTimeMillis())))
            .as("this process").isNull();
    }
}
