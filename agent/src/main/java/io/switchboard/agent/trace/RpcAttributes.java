package io.switchboard.agent.trace;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys of the OpenTelemetry RPC semantic conventions for spans as they stand since
 * semantic-conventions v1.39.0 (Release Candidate: {@code rpc.system.name}, a fully qualified
 * {@code rpc.method}, {@code rpc.response.status_code}), plus, for a transition period, the
 * deprecated v1.37.0 keys {@code rpc.system} and {@code rpc.service} that existing dashboards query,
 * and the few Switchboard adds under {@code switchboard.*}. Spelled out rather than taken from the
 * semconv artifact, whose incubating RPC keys move between releases.
 */
final class RpcAttributes
{
    static final AttributeKey<String> RPC_SYSTEM_NAME = AttributeKey.stringKey("rpc.system.name");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> RPC_RESPONSE_STATUS_CODE = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** Deprecated by semconv v1.39.0 (now {@code rpc.system.name}); still emitted for existing queries. */
    static final AttributeKey<String> RPC_SYSTEM_V1_37 = AttributeKey.stringKey("rpc.system");
    /** Deprecated by semconv v1.39.0 (now part of {@code rpc.method}); still emitted for existing queries. */
    static final AttributeKey<String> RPC_SERVICE_V1_37 = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
    static final AttributeKey<String> CALL_STATUS = AttributeKey.stringKey("switchboard.call.status");
    static final AttributeKey<Long> PROVIDER_PID = AttributeKey.longKey("switchboard.provider.pid");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("switchboard.attempts");
    static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("switchboard.circuit.state");
    static final AttributeKey<String> FALLBACK = AttributeKey.stringKey("switchboard.fallback");

    /** The value of {@code rpc.system.name} (and of the deprecated {@code rpc.system}). */
    static final String SYSTEM = "switchboard";

    private RpcAttributes()
    {
    }
}
