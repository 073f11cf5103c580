package com.acme.secure;

import com.acme.chaos.Journal;

/** Journals each stored text (system property {@code chaos.journal}) before answering. */
public final class VaultImpl implements Vault
{
    @Override
    public String store(final String text)
    {
        Journal.append(text);
        return "stored " + text + " by pid " + ProcessHandle.current().pid();
    }
}
