package io.switchboard.transport.serial;

import java.util.List;
import java.util.Map;

/**
 * A provider's exception as read from a payload, before (or instead of) being rebuilt: the
 * information that survives even when the class is unknown or not allowed on the consumer.
 *
 * @param className   the remote exception's class name.
 * @param message     its {@code getMessage()}, or {@code null}.
 * @param stackTrace  the remote stack trace.
 * @param fields      custom fields of a user exception class: key {@code declaringClass#field};
 *                    values that the consumer's allow-list refused are absent.
 * @param cause       the remote cause, or {@code null} (chains are cut at a bounded depth).
 * @param suppressed  remote suppressed exceptions (bounded in number).
 */
public record RemoteThrowable(
    String className,
    String message,
    StackTraceElement[] stackTrace,
    Map<String, Object> fields,
    RemoteThrowable cause,
    List<RemoteThrowable> suppressed)
{
    /**
     * @return {@code className: message}, as {@link Throwable#toString()} prints it.
     */
    public String describe()
    {
        return message == null ? className : className + ": " + message;
    }
}
