package io.switchboard.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose calls may be served by another process.
 *
 * <p>With the Switchboard agent attached, a process that does not provide this service sends calls
 * made on any implementation of the interface to a provider found through the registry; a process
 * started with {@code provide=<interface or name>} runs them locally and serves them to others.
 * Without the agent the annotation does nothing and the program runs in one process, unchanged.
 *
 * <p>Arguments and results travel by value: a provider's changes to an argument are not seen by the
 * caller and object identity is not preserved.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Remote
{
    /**
     * The service name used in the registry; empty means the interface's fully qualified name.
     *
     * @return the service name, or {@code ""} for the interface name.
     */
    String name() default "";

    /**
     * The service version; consumers only call providers of the same version.
     *
     * @return the version, {@code ""} when unversioned.
     */
    String version() default "";

    /**
     * The deadline of each call in milliseconds; {@code 0} or less means the global
     * {@code switchboard.timeout.ms}.
     *
     * @return the per-call timeout in milliseconds, or {@code 0} for the global default.
     */
    long timeoutMillis() default 0;
}
