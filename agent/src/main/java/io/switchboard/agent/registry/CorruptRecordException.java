package io.switchboard.agent.registry;

/**
 * A stored provider record could not be read: the message says which line or field is wrong.
 * Backends skip such entries (logging each once) rather than fail.
 */
public final class CorruptRecordException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the line or field */
    public CorruptRecordException(final String message)
    {
        super(message);
    }
}
