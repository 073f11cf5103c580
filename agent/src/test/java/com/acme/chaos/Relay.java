package com.acme.chaos;

import io.switchboard.api.Remote;

/**
 * A service that calls another: shows that a nested call inherits what remains of its caller's deadline.
 */
@Remote(timeoutMillis = 2000)
public interface Relay
{
    /**
     * Waits, then calls {@link Ledger#record} and reports how that went.
     *
     * @param id               the nested call's request id.
     * @param delayMillis      how long to wait before the nested call.
     * @param nestedWorkMillis how long the nested call works.
     * @return {@code ok <pid>} or the nested call's exception, e.g. {@code RpcTimeoutException: ...}.
     */
    String forward(String id, long delayMillis, long nestedWorkMillis);
}
