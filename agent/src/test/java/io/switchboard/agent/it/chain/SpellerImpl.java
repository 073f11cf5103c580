package io.switchboard.agent.it.chain;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** Provider B's implementation. */
public class SpellerImpl implements Speller
{
    @Override
    public String spell(final String word)
    {
        return word.toUpperCase(Locale.ROOT);
    }

    @Override
    public String explode(final String word)
    {
        throw new IllegalStateException("cannot spell " + word);
    }

    @Override
    public String spellOrCrash(final String word)
    {
        if (Boolean.getBoolean("chain.crash"))
        {
            // Dies like kill -9 while the call is in flight: no reply, no shutdown hooks, no deregistration.
            Runtime.getRuntime().halt(137);
        }
        return word.toUpperCase(Locale.ROOT);
    }

    @Override
    public CompletableFuture<String> spellLaterOrCrash(final String word)
    {
        return CompletableFuture.completedFuture(spellOrCrash(word));
    }
}
