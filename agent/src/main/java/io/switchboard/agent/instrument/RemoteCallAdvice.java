package io.switchboard.agent.instrument;

import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into non-void methods of services this process does not provide: the body is skipped
 * unless the invoker says run locally, and the invoker's result becomes the return value.
 * Hot path: one boxed argument array, no other allocation.
 */
final class RemoteCallAdvice
{
    private RemoteCallAdvice()
    {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(
        @MethodIndex final int methodIndex,
        @Advice.This final Object self,
        @Advice.AllArguments final Object[] args) throws Throwable
    {
        return Dispatch.call(methodIndex, self, args);
    }

    @Advice.OnMethodExit
    static void exit(
        @Advice.Enter final Object outcome,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned)
    {
        if (null != outcome)
        {
            returned = Dispatch.unwrap(outcome);
        }
    }
}
