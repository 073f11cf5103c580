package com.acme.e2e;

/** A declared checked exception with a custom field and a plain (String) constructor too. */
public class QuotaException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int limit;

    public QuotaException(final String message)
    {
        this(message, 0);
    }

    public QuotaException(final String message, final int limit)
    {
        super(message);
        this.limit = limit;
    }

    public int limit()
    {
        return limit;
    }
}
