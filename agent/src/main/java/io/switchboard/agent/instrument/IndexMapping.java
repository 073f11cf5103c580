package io.switchboard.agent.instrument;

import io.switchboard.agent.method.RemoteMethod;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.util.Map;

/**
 * Resolves {@link MethodIndex} to the constant index of the instrumented method's remote method.
 */
final class IndexMapping implements Advice.OffsetMapping
{
    private final Map<String, RemoteMethod> bound;

    IndexMapping(final Map<String, RemoteMethod> bound)
    {
        this.bound = bound;
    }

    public Target resolve(
        final TypeDescription instrumentedType,
        final MethodDescription instrumentedMethod,
        final Assigner assigner,
        final Advice.ArgumentHandler argumentHandler,
        final Sort sort)
    {
        final RemoteMethod method = bound.get(MethodBinder.key(instrumentedMethod));
        if (null == method)
        {
            throw new IllegalStateException("no remote method bound to " + instrumentedMethod + " of " + instrumentedType);
        }
        return Target.ForStackManipulation.of(method.index());
    }
}
