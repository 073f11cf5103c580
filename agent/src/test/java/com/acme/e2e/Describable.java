package com.acme.e2e;

/** An unannotated, non-generic super-interface of {@link Catalog}. */
public interface Describable
{
    String describe(String who);
}
