package io.switchboard.agent.call;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.transport.aeron.Endpoint;

/**
 * One provider instance as the call path sees it: its registry record, its parsed endpoint, and
 * whether this consumer has recently found it unreachable.
 */
final class Target
{
    // How long a provider that failed to take a request is skipped, unless it is the only choice left.
    static final long DOWN_NS = 2_000_000_000L;

    final ProviderRecord record;
    final Endpoint endpoint;
    private volatile long downUntilNs;

    Target(final ProviderRecord record, final Endpoint endpoint)
    {
        this.record = record;
        this.endpoint = endpoint;
    }

    boolean isUp(final long nowNs)
    {
        return nowNs - downUntilNs >= 0;
    }

    void markDown(final long nowNs)
    {
        downUntilNs = nowNs + DOWN_NS;
    }

    /**
     * @return e.g. {@code pid 4242 at aeron:udp?endpoint=127.0.0.1:40123|...}, for messages.
     */
    String describe()
    {
        return "pid " + record.pid() + "@" + record.host() + " (" + endpoint.udpEndpoint() + ")";
    }
}
