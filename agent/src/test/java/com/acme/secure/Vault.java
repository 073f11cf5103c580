package com.acme.secure;

import io.switchboard.api.Remote;

/** A service whose every execution is journaled, so a test can prove what ran where. */
@Remote
public interface Vault
{
    /**
     * Journals {@code text} in the provider and says who stored it.
     *
     * @param text what to store.
     * @return {@code stored <text> by pid <pid>}.
     */
    String store(String text);
}
