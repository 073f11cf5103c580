package io.switchboard.agent.it.chain;

import io.opentelemetry.api.baggage.Baggage;

/** Calls the speller, which is remote in every process of the chain test but provider B. */
public class GreeterImpl implements Greeter
{
    private final Speller speller = new SpellerImpl();

    @Override
    public String greet(final String name)
    {
        return "hello " + speller.spell(name);
    }

    @Override
    public String greetBadly(final String name)
    {
        return "hello " + speller.explode(name);
    }

    @Override
    public String tenant()
    {
        final String tenant = Baggage.current().getEntryValue("tenant");
        return null == tenant ? "none" : tenant;
    }
}
