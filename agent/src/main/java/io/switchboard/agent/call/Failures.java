package io.switchboard.agent.call;

import io.switchboard.agent.call.balance.Target;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.api.RemoteFailureException;
import io.switchboard.api.RpcException;
import io.switchboard.api.RpcTimeoutException;
import io.switchboard.transport.aeron.client.Response;

/**
 * Turns a call's non-OK outcome into the exception the caller sees, with a message that says
 * what happened, to which call and provider, and what to do.
 */
final class Failures
{
    private Failures()
    {
    }

    static String call(final RemoteMethod method)
    {
        return method.service().name() + "." + method.name() + method.parameterDescriptor();
    }

    static RpcTimeoutException timeout(
        final RemoteMethod method, final Target target, final long timeoutMs, final long attemptMs)
    {
        if (attemptMs < timeoutMs)
        {
            return new RpcTimeoutException("no reply to " + call(method) + " from provider " + target.describe() +
                " within " + attemptMs + " ms (its share of the " + timeoutMs + " ms deadline, switchboard.timeout.ms " +
                "or @Remote(timeoutMillis)), and no retry was left within the deadline; the call may have run");
        }
        return timeout(method, target, timeoutMs);
    }

    static RpcTimeoutException timeout(final RemoteMethod method, final Target target, final long timeoutMs)
    {
        return new RpcTimeoutException("no reply to " + call(method) + " from provider " + target.describe() +
            " within " + timeoutMs + " ms (switchboard.timeout.ms or @Remote(timeoutMillis)); the call may have run");
    }

    /**
     * @return the timeout of a call whose deadline passed before it could be sent anywhere.
     */
    static RpcTimeoutException timeout(final RemoteMethod method, final long timeoutMs)
    {
        return new RpcTimeoutException("the " + timeoutMs + " ms deadline of " + call(method) +
            " (switchboard.timeout.ms or @Remote(timeoutMillis)) passed before a provider could take it");
    }

    /**
     * @return the message when providers are registered but every one's circuit is open.
     */
    static String circuitsOpen(final RemoteMethod method, final String service, final int providers)
    {
        return "no provider of " + service + " can take " + call(method) + " now: the circuit of each of its " +
            providers + " provider(s) is open after repeated failures (see switchboard.breaker.*); calls resume " +
            "when one answers a probe";
    }

    static RpcException connectionLost(final RemoteMethod method, final Target target)
    {
        return new RpcException("connection to provider " + target.describe() + " was lost during " + call(method) +
            (method.isIdempotent() ?
                "; the call may have run, and no retry was left (switchboard.retries) within the deadline" :
                "; the call may have run, so it was not re-sent (mark the method @Idempotent to allow that)"));
    }

    static RpcException notDelivered(final RemoteMethod method, final Target target, final Response response)
    {
        return new RpcException("could not deliver " + call(method) + " to provider " + target.describe() + ": " +
            response.errorMessage());
    }

    /**
     * @return the exception for a provider's own error answer (unknown method, rejected payload, ...).
     */
    static RpcException rejected(final RemoteMethod method, final Target target, final Response response)
    {
        final String hint = switch (response.status())
        {
            case UNKNOWN_SERVICE -> "; the provider does not serve this service and version";
            case UNKNOWN_METHOD -> "; the provider's interface lacks this method (version skew between consumer and provider?)";
            case PAYLOAD_REJECTED -> "; add the class to switchboard.serialization.allow on the provider if it is safe";
            case UNAUTHENTICATED -> "; the provider did not run it: check that this process and the provider have the " +
                "same shared secret (SWITCHBOARD_AUTH_SECRET or switchboard.auth.secret.file)";
            default -> "";
        };
        return new RemoteFailureException(null, "provider " + target.describe() + " answered " + response.status() +
            " to " + call(method) + ": " + response.errorMessage() + hint);
    }
}
