package io.switchboard.demo.shop;

/**
 * The shop front as a monolith wrote it: it constructs the inventory and calls it. Without the
 * agent everything runs in this process; with the agent (and no {@code provide}) each call runs in
 * the process that provides {@link Inventory}.
 */
public final class ShopMain
{
    private ShopMain()
    {
    }

    /**
     * @param args optional: the number of reservations to make (default 5).
     */
    public static void main(final String[] args)
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final Inventory inventory = new InventoryImpl();

        System.out.println("shop: " + inventory.stock("apple") + " apples in stock");
        for (int i = 0; i < orders; i++)
        {
            try
            {
                final Reservation r = inventory.reserve("apple", 2);
                System.out.println("shop: reserved " + r.quantity() + " " + r.sku() + ", " + r.remaining() +
                    " left, served by " + r.servedBy());
            }
            catch (final OutOfStockException ex)
            {
                System.out.println("shop: out of stock: " + ex.getMessage());
            }
        }
        try
        {
            inventory.reserve("pear", 5);
        }
        catch (final OutOfStockException ex)
        {
            System.out.println("shop: pears: " + ex.getMessage() + " (" + ex.getClass().getSimpleName() +
                ", available=" + ex.available() + ")");
        }
        System.out.println("shop: served by me: pid " + ProcessHandle.current().pid());
    }
}
