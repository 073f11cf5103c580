package io.switchboard.transport.serial;

/**
 * A payload named a class that is not on the {@link ClassAllowList}, or one on the gadget deny
 * list. Thrown before that class is loaded, initialised or instantiated.
 */
public class PayloadRejectedException extends PayloadException
{
    private static final long serialVersionUID = 1L;

    private final String className;

    /**
     * @param className the class name found in (or about to be written to) the payload.
     * @param reason    why it is refused.
     */
    public PayloadRejectedException(final String className, final String reason)
    {
        super("class " + className + " is not allowed in a Switchboard payload: " + reason);
        this.className = className;
    }

    /**
     * @return the refused class name, as written in the payload.
     */
    public String className()
    {
        return className;
    }
}
