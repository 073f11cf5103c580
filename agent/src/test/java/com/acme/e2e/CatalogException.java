package com.acme.e2e;

/** A declared checked exception with a custom field. */
public class CatalogException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int code;

    public CatalogException(final String message, final int code)
    {
        super(message);
        this.code = code;
    }

    public int code()
    {
        return code;
    }
}
