package io.switchboard.agent.instrument;

import io.switchboard.agent.method.RemoteMethod;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Map;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

/**
 * Builds the visitors that inline Switchboard's advice, reading the advice class files once.
 */
final class AdviceFactory
{
    private final ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(AdviceFactory.class.getClassLoader());
    private final Advice.WithCustomMapping base = Advice.withCustomMapping();

    /**
     * @param bound method key to remote method, see {@link MethodBinder}.
     * @return a visitor that sends the bound methods to the invoker.
     */
    AsmVisitorWrapper remoteCalls(final Map<String, RemoteMethod> bound)
    {
        final ElementMatcher.Junction<MethodDescription> isBound = new ElementMatcher.Junction.AbstractBase<>()
        {
            public boolean matches(final MethodDescription method)
            {
                return method.isMethod() && !method.isBridge() && !method.isAbstract() && !method.isStatic() &&
                    bound.containsKey(MethodBinder.key(method));
            }
        };
        final Advice.WithCustomMapping mapping = base.bind(MethodIndex.class, new IndexMapping(bound));
        return new AsmVisitorWrapper.Compound(
            mapping.to(RemoteCallAdvice.class, adviceLocator).on(isBound.and(not(returns(void.class)))),
            mapping.to(VoidRemoteCallAdvice.class, adviceLocator).on(isBound.and(returns(void.class))));
    }

    /**
     * @param serviceIndex a provided service's index.
     * @return a visitor that reports every constructed instance for export.
     */
    AsmVisitorWrapper export(final int serviceIndex)
    {
        return base.bind(ServiceIndex.class, serviceIndex).to(ExportAdvice.class, adviceLocator).on(isConstructor());
    }
}
