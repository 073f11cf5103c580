package io.switchboard.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Remote} interface as safe to run more than once.
 *
 * <p>When a call may already have run on a provider (it timed out, or the connection was lost
 * after the request was sent), Switchboard re-sends it to another provider only if the method is
 * idempotent. Calls that provably did not run are retried whatever this annotation says.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent
{
}
