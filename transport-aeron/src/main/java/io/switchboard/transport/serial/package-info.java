/**
 * Serialization of RPC arguments, results and exceptions (Kryo), guarded by a class allow-list.
 * <p>
 * Build a {@link io.switchboard.transport.serial.ClassAllowList} per application class loader from
 * the {@code @Remote} interfaces ({@code Class<?>} objects, never {@code Foo.class} in agent code)
 * plus {@code switchboard.serialization.allow}; wrap it in one
 * {@link io.switchboard.transport.serial.PayloadSerializer}, shared by all threads:
 * <pre>{@code
 * ClassAllowList allow = ClassAllowList.builder(iface.getClassLoader())
 *     .addInterface(iface).addClassNames(config.serializationAllow()).build();
 * PayloadSerializer payloads = new PayloadSerializer(allow);
 * int length = payloads.writeArguments(buffer, offset, args);          // consumer
 * Object[] args = payloads.readArguments(buffer, offset, length);      // provider
 * int length = payloads.writeThrowable(buffer, offset, thrown);        // provider, on failure
 * Throwable t = payloads.rebuildOrWrap(payloads.readThrowable(buffer, offset, length), "inventory@host:port");
 * }</pre>
 * A payload naming a class off the list fails with
 * {@link io.switchboard.transport.serial.PayloadRejectedException} before that class is loaded;
 * malformed payloads fail with {@link io.switchboard.transport.serial.PayloadException}.
 */
package io.switchboard.transport.serial;
