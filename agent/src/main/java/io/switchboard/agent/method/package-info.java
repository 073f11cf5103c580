/**
 * The method table: descriptors of remote services and methods, their stable wire ids
 * ({@link io.switchboard.agent.method.MethodId}) and the int indices that instrumented code carries.
 * Built from class files at transform time; {@link java.lang.Class} objects are resolved lazily in the
 * interface's own class loader and never keep a loader alive.
 */
package io.switchboard.agent.method;
