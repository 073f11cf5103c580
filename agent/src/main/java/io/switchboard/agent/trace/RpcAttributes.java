package io.switchboard.agent.trace;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys of the OpenTelemetry RPC semantic conventions (v1.37.0, "RPC spans"), plus the
 * few Switchboard adds under {@code switchboard.*}. Spelled out rather than taken from the semconv
 * artifact, whose incubating RPC keys move between releases.
 */
final class RpcAttributes
{
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
    static final AttributeKey<String> CALL_STATUS = AttributeKey.stringKey("switchboard.call.status");
    static final AttributeKey<Long> PROVIDER_PID = AttributeKey.longKey("switchboard.provider.pid");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("switchboard.attempts");
    static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("switchboard.circuit.state");
    static final AttributeKey<String> FALLBACK = AttributeKey.stringKey("switchboard.fallback");
    static final AttributeKey<String> RPC_SERVICE_VERSION = AttributeKey.stringKey("switchboard.service.version");

    /** The value of {@code rpc.system}. */
    static final String SYSTEM = "switchboard";

    private RpcAttributes()
    {
    }
}
