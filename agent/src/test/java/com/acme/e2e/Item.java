package com.acme.e2e;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A record result carrying an enum, a BigDecimal, a list and an Instant. */
public record Item(String sku, BigDecimal price, Color color, List<String> tags, Instant added)
{
}
