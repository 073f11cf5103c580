package io.switchboard.transport.aeron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest
{
    @Test
    void formatsAStableStringThatParsesBack()
    {
        final Endpoint endpoint = new Endpoint("127.0.0.1", 40123, 1001, 1073741830, "host:/dev/shm/switchboard-me-42-0");
        assertThat(endpoint.toString()).isEqualTo(
            "aeron:udp?endpoint=127.0.0.1:40123|stream=1001|ipc-stream=1073741830|driver=host:/dev/shm/switchboard-me-42-0");
        assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    }

    @Test
    void parsesKeysInAnyOrderAndIpv6Hosts()
    {
        final Endpoint endpoint = Endpoint.parse("aeron:udp?driver=d|ipc-stream=5|endpoint=[::1]:9000|stream=7");
        assertThat(endpoint).isEqualTo(new Endpoint("::1", 9000, 7, 5, "d"));
        assertThat(endpoint.udpEndpoint()).isEqualTo("[::1]:9000");
        assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    }

    @Test
    void rejectsMalformedStringsNamingTheProblem()
    {
        assertThatThrownBy(() -> Endpoint.parse("tcp://x:1")).hasMessageContaining("not a Switchboard endpoint");
        assertThatThrownBy(() -> Endpoint.parse("aeron:udp?endpoint=h:1|stream=1|ipc-stream=2"))
            .hasMessageContaining("driver=");
        assertThatThrownBy(() -> Endpoint.parse("aeron:udp?endpoint=h:x|stream=1|ipc-stream=2|driver=d"))
            .hasMessageContaining("port");
        assertThatThrownBy(() -> Endpoint.parse("aeron:udp?endpoint=h:1|stream=1|ipc-stream=2|driver=d|color=red"))
            .hasMessageContaining("unknown key 'color'");
        assertThatThrownBy(() -> Endpoint.parse("aeron:udp?endpoint=h:70000|stream=1|ipc-stream=2|driver=d"))
            .hasMessageContaining("70000");
    }
}
