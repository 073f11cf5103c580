package com.acme.e2e;

import java.util.concurrent.CountDownLatch;

/**
 * The provider process: constructs its catalog (or, with argument {@code ranking}, its ranking), which
 * the agent exports, and serves until killed.
 */
public final class CatalogProviderMain
{
    private CatalogProviderMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length > 0 && "ranking".equals(args[0]))
        {
            System.out.println("provider: ready pid=" + new RankingImpl().pid());
        }
        else
        {
            System.out.println("provider: ready pid=" + new CatalogImpl().pid());
        }
        new CountDownLatch(1).await();
    }
}
