package io.switchboard.demo.shop;

/**
 * Prices from the {@link Catalog}. With the agent, runs only in the process that provides {@link Pricing}.
 */
public final class PricingImpl implements Pricing
{
    @Override
    public Price price(final String sku) throws UnknownProductException
    {
        final Catalog.Article article = Catalog.ARTICLES.get(sku);
        if (null == article)
        {
            throw new UnknownProductException(sku);
        }
        return new Price(sku, article.cents());
    }
}
