package com.acme.skew;

import io.switchboard.api.Remote;

/**
 * The provider's (older) version of a service for the version-skew test; the consumer's newer version,
 * with one more method, is compiled by the test itself ({@code ZooKeeperVersionSkewIT}).
 */
@Remote
public interface Shelf
{
    /**
     * @param sku an article
     * @return its stock, naming the serving process
     */
    String stock(String sku);
}
