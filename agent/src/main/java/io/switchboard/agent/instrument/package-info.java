/**
 * What Switchboard rewrites and how: the entry point {@link io.switchboard.agent.instrument.Instrumenter}
 * installs a Byte Buddy {@code AgentBuilder} that inlines {@code Advice} into every class implementing
 * a {@code @io.switchboard.api.Remote} interface, and generates {@code Switchboard.lookup} proxies.
 *
 * <p>Per class and per service, decided at transform time:
 * <ul>
 *     <li>service provided by this process: methods untouched (local calls cost nothing extra);
 *     constructors report new instances through {@code Dispatch.instanceCreated} so the first one is
 *     exported;</li>
 *     <li>any other service: each remote method's enter advice calls {@code Dispatch.call} with the
 *     method's table index baked in as a constant, skips the body on a non-null outcome, and the exit
 *     advice assigns the outcome as the return value.</li>
 * </ul>
 * Bridge methods are never advised (the method they call is), default methods and
 * {@code equals}/{@code hashCode}/{@code toString} stay local.
 */
package io.switchboard.agent.instrument;
