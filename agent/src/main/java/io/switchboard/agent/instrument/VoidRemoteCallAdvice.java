package io.switchboard.agent.instrument;

import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into void methods of services this process does not provide: the body is skipped unless
 * the invoker says run locally. Hot path: one boxed argument array, no other allocation.
 */
final class VoidRemoteCallAdvice
{
    private VoidRemoteCallAdvice()
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
}
