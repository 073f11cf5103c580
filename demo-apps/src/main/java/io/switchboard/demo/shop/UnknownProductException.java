package io.switchboard.demo.shop;

/**
 * The shop does not sell this article; travels from a provider to its caller as this same type.
 */
public class UnknownProductException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param sku the article asked for.
     */
    public UnknownProductException(final String sku)
    {
        super("no product " + sku + " in the catalog");
    }
}
