package io.switchboard.agent.instrument;

import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a class implementing {@code @Remote} interfaces, deciding per service at transform time:
 * for a provided service the methods are left alone (zero cost for local calls) and constructors
 * report new instances for export; for other services the methods go to the invoker.
 */
final class RemoteTransformer implements AgentBuilder.Transformer
{
    private final MethodTable table;
    private final ProvidedServices provided;
    private final AdviceFactory advice;

    RemoteTransformer(final MethodTable table, final ProvidedServices provided, final AdviceFactory advice)
    {
        this.table = table;
        this.provided = provided;
        this.advice = advice;
    }

    public DynamicType.Builder<?> transform(
        final DynamicType.Builder<?> builder,
        final TypeDescription type,
        final ClassLoader classLoader,
        final JavaModule module,
        final ProtectionDomain protectionDomain)
    {
        final List<RemoteService> services = new ArrayList<>();
        for (final TypeDescription remoteInterface : MethodBinder.remoteInterfaces(type))
        {
            services.add(table.register(remoteInterface, classLoader));
        }

        DynamicType.Builder<?> result = builder;
        final List<String> warnings = new ArrayList<>();
        final Map<String, RemoteMethod> bound = MethodBinder.bind(type, services, true, warnings);
        for (final String warning : warnings)
        {
            System.err.println("[switchboard] warning: " + warning);
        }
        bound.values().removeIf((method) -> isProvided(method.service()));
        if (!bound.isEmpty())
        {
            result = result.visit(advice.remoteCalls(bound));
        }
        for (final RemoteService service : services)
        {
            if (isProvided(service))
            {
                result = result.visit(advice.export(service.index()));
            }
        }
        return result;
    }

    private boolean isProvided(final RemoteService service)
    {
        return provided.provides(service.name(), service.interfaceName());
    }
}
