package io.switchboard.agent.instrument;

import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.dynamic.scaffold.MethodGraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, at transform time, which methods of a class (or proxy) carry which remote method.
 *
 * <p>Uses Byte Buddy's method graph so that generic bridges resolve to the real method: a class
 * implementing {@code Store<String>.put(T)} is advised in {@code put(String)}, never in the
 * compiler's bridge {@code put(Object)}, so a call through the bridge makes exactly one remote call.
 */
final class MethodBinder
{
    private MethodBinder()
    {
    }

    /**
     * @param method a method of the instrumented type.
     * @return the key that identifies it within its type: name and erased parameter descriptor.
     */
    static String key(final MethodDescription method)
    {
        final StringBuilder key = new StringBuilder(method.getInternalName()).append('(');
        for (final TypeDescription parameter : method.getParameters().asTypeList().asErasures())
        {
            key.append(parameter.getDescriptor());
        }
        return key.append(')').toString();
    }

    /**
     * @param type any class.
     * @return the {@code @Remote} interfaces it implements, through superclasses and
     * super-interfaces, in declaration order (the first one wins a method they share).
     */
    static List<TypeDescription> remoteInterfaces(final TypeDescription type)
    {
        final Map<String, TypeDescription> found = new LinkedHashMap<>();
        final Set<String> visited = new HashSet<>();
        for (TypeDefinition current = type; null != current; current = current.getSuperClass())
        {
            final Deque<TypeDescription> pending = new ArrayDeque<>();
            addAll(pending, current.getInterfaces());
            if (current.isInterface())
            {
                pending.add(current.asErasure());
            }
            while (!pending.isEmpty())
            {
                final TypeDescription candidate = pending.poll();
                if (!visited.add(candidate.getName()))
                {
                    continue;
                }
                if (null != MethodTable.remoteAnnotation(candidate))
                {
                    found.putIfAbsent(candidate.getName(), candidate);
                }
                addAll(pending, candidate.getInterfaces());
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * @param type         the class being instrumented, or the proxy's interface.
     * @param services     its services, most significant first.
     * @param implementing {@code true} for a class: bind the concrete non-bridge methods it
     *                     declares; {@code false} for a proxy: bind the abstract methods it will
     *                     implement.
     * @param warnings     receives a line for each remote method the class inherits from a
     *                     superclass that is not instrumented for it (such calls run locally).
     * @return method {@link #key(MethodDescription)} to remote method.
     */
    static Map<String, RemoteMethod> bind(
        final TypeDescription type,
        final List<RemoteService> services,
        final boolean implementing,
        final List<String> warnings)
    {
        final Map<String, RemoteMethod> remoteByKey = new HashMap<>();
        for (final RemoteService service : services)
        {
            for (final RemoteMethod method : service.methods())
            {
                remoteByKey.putIfAbsent(method.name() + method.parameterDescriptor(), method);
            }
        }

        final Map<String, RemoteMethod> bound = new HashMap<>();
        final MethodGraph.Linked graph = MethodGraph.Compiler.DEFAULT.compile((TypeDefinition)type);
        for (final MethodGraph.Node node : graph.listNodes())
        {
            if (!node.getSort().isResolved())
            {
                continue;
            }
            final MethodDescription representative = node.getRepresentative();
            if (representative.isStatic() || !representative.isMethod() || representative.isBridge())
            {
                continue;
            }
            if (implementing ? representative.isAbstract() : !representative.isAbstract())
            {
                continue;
            }
            final TypeDescription declaringType = representative.getDeclaringType().asErasure();
            final boolean inherited = implementing && !declaringType.equals(type);
            if (inherited && declaringType.isInterface())
            {
                continue; // a default method: runs locally by design
            }
            RemoteMethod remote = remoteByKey.get(key(representative));
            if (null == remote)
            {
                for (final MethodDescription.TypeToken token : node.getMethodTypes())
                {
                    remote = remoteByKey.get(representative.getInternalName() + descriptor(token.getParameterTypes()));
                    if (null != remote)
                    {
                        break;
                    }
                }
            }
            if (null == remote)
            {
                continue;
            }
            if (!inherited)
            {
                bound.put(key(representative), remote);
            }
            else if (!implementsInterface(declaringType, remote.service().interfaceName()))
            {
                warnings.add(type.getName() + " inherits " + remote.name() + remote.parameterDescriptor() + " of " +
                    remote.service().interfaceName() + " from " + declaringType.getName() +
                    ", which does not implement that interface: such calls run locally; override the method in " +
                    type.getName() + " to make it remote");
            }
        }
        return bound;
    }

    private static boolean implementsInterface(final TypeDescription type, final String interfaceName)
    {
        for (final TypeDescription remoteInterface : remoteInterfaces(type))
        {
            if (remoteInterface.getName().equals(interfaceName))
            {
                return true;
            }
        }
        return false;
    }

    private static String descriptor(final List<TypeDescription> parameterTypes)
    {
        final StringBuilder descriptor = new StringBuilder("(");
        for (final TypeDescription parameter : parameterTypes)
        {
            descriptor.append(parameter.getDescriptor());
        }
        return descriptor.append(')').toString();
    }

    private static void addAll(final Deque<TypeDescription> pending, final TypeList.Generic interfaces)
    {
        for (final TypeDescription.Generic type : interfaces)
        {
            pending.add(type.asErasure());
        }
    }
}
