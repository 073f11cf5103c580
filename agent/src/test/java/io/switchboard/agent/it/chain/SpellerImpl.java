package io.switchboard.agent.it.chain;

import java.util.Locale;

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
}
