package io.switchboard.agent.instrument;

import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the constructors of classes implementing a service this process provides:
 * reports the new instance so that the first one can be exported.
 */
final class ExportAdvice
{
    private ExportAdvice()
    {
    }

    @Advice.OnMethodExit
    static void exit(@ServiceIndex final int serviceIndex, @Advice.This final Object self)
    {
        Dispatch.instanceCreated(self, serviceIndex);
    }
}
