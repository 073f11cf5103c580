package io.switchboard.demo.shop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order taking, written as in a monolith: it is handed an {@link Inventory} and a {@link Pricing}
 * and calls them. With the agent, those calls go to their providers, and this class's own methods
 * run only in the process that provides {@link Orders}.
 */
public final class OrdersImpl implements Orders
{
    private static final long PID = ProcessHandle.current().pid();

    private final Inventory inventory;
    private final Pricing pricing;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();

    /**
     * @param inventory where units are reserved.
     * @param pricing   where prices come from.
     */
    public OrdersImpl(final Inventory inventory, final Pricing pricing)
    {
        this.inventory = inventory;
        this.pricing = pricing;
    }

    @Override
    public Order place(final String sku, final int quantity) throws OutOfStockException, UnknownProductException
    {
        final Price price = pricing.price(sku);
        final Reservation reservation = inventory.reserve(sku, quantity);
        final Order order = new Order(ids.incrementAndGet(), sku, quantity, price.cents() * quantity,
            reservation.inventoryPid(), PID);
        orders.put(order.id(), order);
        return order;
    }

    @Override
    public Order find(final long id)
    {
        return orders.get(id);
    }
}
