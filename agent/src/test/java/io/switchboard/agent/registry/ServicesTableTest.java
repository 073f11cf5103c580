package io.switchboard.agent.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServicesTableTest
{
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static ProviderRecord provider(final String service, final String version, final String id,
        final long pid, final Duration age)
    {
        return ProviderRecord.builder(service).version(version).instanceId(id).endpoint("aeron:ipc|stream=" + pid)
            .host("h").pid(pid).startTimeMillis(NOW.minus(age).toEpochMilli()).build();
    }

    @Test
    void listsEachInstanceGroupedByServiceWithTheInstanceCount()
    {
        final String table = ServicesTable.render(List.of(
            provider("com.acme.Pricing", "v2", "b", 77, Duration.ofHours(26)),
            provider("com.acme.Inventory", "", "y", 4250, Duration.ofSeconds(15)),
            provider("com.acme.Inventory", "", "x", 4242, Duration.ofSeconds(192))), NOW);

        assertThat(table).isEqualTo(
            "SERVICE             VERSION  INSTANCES  ENDPOINT               PID   AGE    WEIGHT\n" +
            "com.acme.Inventory  \"\"       2          aeron:ipc|stream=4242  4242  3m12s  100\n" +
            "                                        aeron:ipc|stream=4250  4250  15s    100\n" +
            "com.acme.Pricing    \"v2\"     1          aeron:ipc|stream=77    77    1d02h  100\n");
    }

    @Test
    void saysSoWhenNothingIsRegistered()
    {
        assertThat(ServicesTable.render(List.of(), NOW)).isEqualTo("No services are registered.\n");
    }

    @Test
    void formatsAgesCompactly()
    {
        assertThat(ServicesTable.age(Duration.ofSeconds(-3))).isEqualTo("0s");
        assertThat(ServicesTable.age(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(ServicesTable.age(Duration.ofSeconds(61))).isEqualTo("1m01s");
        assertThat(ServicesTable.age(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(ServicesTable.age(Duration.ofHours(76))).isEqualTo("3d04h");
    }
}
