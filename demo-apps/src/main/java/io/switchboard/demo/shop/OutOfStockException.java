package io.switchboard.demo.shop;

/**
 * Not enough units left; travels from the provider to the caller as this same type.
 */
public class OutOfStockException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int available;

    /**
     * @param message   what was asked for.
     * @param available units that were left.
     */
    public OutOfStockException(final String message, final int available)
    {
        super(message);
        this.available = available;
    }

    /**
     * @return units that were left when the reservation failed.
     */
    public int available()
    {
        return available;
    }
}
