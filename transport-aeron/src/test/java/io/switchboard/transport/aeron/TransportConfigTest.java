package io.switchboard.transport.aeron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportConfigTest
{
    @Test
    void defaultsSuitASmallMachine()
    {
        final TransportConfig config = TransportConfig.builder().build();
        assertThat(config.termLength()).isEqualTo(256 * 1024);
        assertThat(config.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.driverDir()).isNull();
        assertThat(config.serverPort()).isZero();
        assertThat(config.toBuilder().termLength(1024 * 1024).build().termLength()).isEqualTo(1024 * 1024);
    }

    @Test
    void badValuesAreRefusedNamingTheSetting()
    {
        assertThatThrownBy(() -> TransportConfig.builder().termLength(100_000).build())
            .hasMessageContaining("termLength").hasMessageContaining("power of two");
        assertThatThrownBy(() -> TransportConfig.builder().maxMessageBytes(10).build())
            .hasMessageContaining("switchboard.max.message.bytes");
        assertThatThrownBy(() -> TransportConfig.builder().serverPort(70000).build()).hasMessageContaining("serverPort");
        assertThatThrownBy(() -> TransportConfig.builder().peerTimeout(Duration.ofMillis(10)).build())
            .hasMessageContaining("peerTimeout");
    }
}
