package io.switchboard.agent.instrument;

import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.bootstrap.Dispatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake call path: records each call and answers with a canned result.
 */
final class RecordingInvoker implements Dispatch.Invoker
{
    record Call(RemoteMethod method, Object target, Object[] args)
    {
    }

    /**
     * A thrown answer.
     */
    record Throw(Throwable throwable)
    {
    }

    private final MethodTable table;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Object> answer = (call) -> null;

    RecordingInvoker(final MethodTable table)
    {
        this.table = table;
    }

    RecordingInvoker answer(final Function<Call, Object> answer)
    {
        this.answer = answer;
        return this;
    }

    List<Call> calls()
    {
        return calls;
    }

    public Object invoke(final int methodIndex, final Object target, final Object[] args) throws Throwable
    {
        final Call call = new Call(table.method(methodIndex), target, args);
        calls.add(call);
        final Object result = answer.apply(call);
        if (result instanceof Throw)
        {
            throw ((Throw)result).throwable();
        }
        return result;
    }
}
