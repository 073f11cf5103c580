package com.acme.e2e;

/** A custom runtime exception that no Catalog signature mentions. */
public class OopsException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public OopsException(final String message)
    {
        super(message);
    }
}
