//! The `orders` and `customers` tables, column by column.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{below, draw, Skew, Zipf};

/// Products are numbered 0..PRODUCTS.
pub const PRODUCTS: u64 = 1000;
/// Days are numbered 0..DAYS (one year).
pub const DAYS: u64 = 365;
pub const REGIONS: [&str; 6] = ["North", "South", "East", "West", "Centre", "Islands"];
pub const SEGMENTS: [&str; 4] = ["households", "shops", "schools", "offices"];

/// The random fields of an order, in the order they are drawn.
const ORDER_FIELDS: u64 = 5;
/// The random fields of a customer.
const CUSTOMER_FIELDS: u64 = 2;

/// Up to 8 Mi orders: about 150 MB of columns, within the threaded module's 1 GiB.
pub const MAX_ORDERS: usize = 8 << 20;
/// The largest amount of an order, as `generate` draws it: 10 items at 99.99.
pub const MAX_AMOUNT_CENTS: u64 = 10 * 9_999;
pub const MAX_CUSTOMERS: usize = 1 << 20;

/// Which orders: `rows` of them, their customer ids drawn from 0..customers
/// with the given skew.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
pub struct OrdersSpec {
    pub seed: u64,
    pub rows: usize,
    pub customers: usize,
    pub customer_skew: Skew,
}

/// Orders as columns: row i of the table is element i of every vector.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Orders {
    pub order_id: Vec<u32>,
    pub customer_id: Vec<u32>,
    pub product_id: Vec<u16>,
    pub quantity: Vec<u16>,
    pub amount_cents: Vec<u32>,
    pub day: Vec<u16>,
}

impl OrdersSpec {
    /// Orders for an experiment that does not look at their customers: 10,000 of them, drawn uniformly.
    pub fn with_uniform_customers(seed: u64, rows: usize) -> OrdersSpec {
        OrdersSpec { seed, rows, customers: 10_000, customer_skew: Skew(0.0) }
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_ORDERS).contains(&self.rows) {
            return Err(format!("Orders must be between 1 and {MAX_ORDERS} (got {}).", self.rows));
        }
        customers_in_range(self.customers)?;
        self.customer_skew.validate("customer ids")
    }

    /// Rows `rows` of the table (cut at its end).
    pub fn generate(&self, rows: Range<usize>) -> Orders {
        let rows = rows.start.min(self.rows)..rows.end.min(self.rows);
        let zipf = Zipf::new(self.customers, self.customer_skew);
        let mut orders = Orders::with_capacity(rows.len());
        for row in rows {
            let n = row as u64 * ORDER_FIELDS;
            let field = |f: u64| draw(self.seed, n + f);
            let quantity = 1 + below(field(2), 10);
            let unit_price_cents = 100 + below(field(3), 9_900);
            orders.order_id.push(row as u32);
            orders.customer_id.push(zipf.key(field(0)));
            orders.product_id.push(below(field(1), PRODUCTS) as u16);
            orders.quantity.push(quantity as u16);
            orders.amount_cents.push((quantity * unit_price_cents) as u32);
            orders.day.push(below(field(4), DAYS) as u16);
        }
        orders
    }
}

impl Orders {
    fn with_capacity(rows: usize) -> Orders {
        Orders {
            order_id: Vec::with_capacity(rows),
            customer_id: Vec::with_capacity(rows),
            product_id: Vec::with_capacity(rows),
            quantity: Vec::with_capacity(rows),
            amount_cents: Vec::with_capacity(rows),
            day: Vec::with_capacity(rows),
        }
    }

    pub fn len(&self) -> usize {
        self.order_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order_id.is_empty()
    }

    /// Bytes of one row in these columns: what moving a row costs a share-nothing engine.
    pub const ROW_BYTES: usize = 4 + 4 + 2 + 2 + 4 + 2;
}

/// Which customers: ids 0..customers, from the seed after the orders' one.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
pub struct CustomersSpec {
    pub seed: u64,
    pub customers: usize,
}

/// Customers as columns; `region` and `segment` index `REGIONS` and `SEGMENTS`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Customers {
    pub customer_id: Vec<u32>,
    pub region: Vec<u8>,
    pub segment: Vec<u8>,
}

impl Customers {
    pub const ROW_BYTES: usize = 4 + 1 + 1;

    pub fn len(&self) -> usize {
        self.customer_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer_id.is_empty()
    }
}

impl CustomersSpec {
    pub fn validate(&self) -> Result<(), String> {
        customers_in_range(self.customers)
    }

    /// Customers `ids` (cut at the last one).
    pub fn generate(&self, ids: Range<usize>) -> Customers {
        let ids = ids.start.min(self.customers)..ids.end.min(self.customers);
        let seed = self.seed.wrapping_add(1);
        let mut customers = Customers::default();
        for id in ids {
            let n = id as u64 * CUSTOMER_FIELDS;
            customers.customer_id.push(id as u32);
            customers.region.push(below(draw(seed, n), REGIONS.len() as u64) as u8);
            customers.segment.push(below(draw(seed, n + 1), SEGMENTS.len() as u64) as u8);
        }
        customers
    }
}

fn customers_in_range(customers: usize) -> Result<(), String> {
    if !(1..=MAX_CUSTOMERS).contains(&customers) {
        return Err(format!("Customers must be between 1 and {MAX_CUSTOMERS} (got {customers})."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(skew: f64) -> OrdersSpec {
        OrdersSpec { seed: 42, rows: 1000, customers: 50, customer_skew: Skew(skew) }
    }

    #[test]
    fn the_first_order_and_customer_are_pinned() {
        let first = spec(1.0).generate(0..1);
        assert_eq!(
            (
                first.order_id[0],
                first.customer_id[0],
                first.product_id[0],
                first.quantity[0],
                first.amount_cents[0],
                first.day[0]
            ),
            ORDER_0
        );
        let customer = CustomersSpec { seed: 42, customers: 50 }.generate(7..8);
        assert_eq!((customer.customer_id[0], customer.region[0], customer.segment[0]), CUSTOMER_7);
    }

    // Computed independently from docs/data.md (a short Python script).
    const ORDER_0: (u32, u32, u16, u16, u32, u16) = (0, 15, 159, 3, 10521, 13);
    const CUSTOMER_7: (u32, u8, u8) = (7, 2, 1);

    #[test]
    fn any_range_of_rows_equals_that_range_of_the_whole_table() {
        let whole = spec(2.0).generate(0..1000);
        let part = spec(2.0).generate(300..450);
        assert_eq!(part.customer_id, whole.customer_id[300..450]);
        assert_eq!(part.amount_cents, whole.amount_cents[300..450]);
        assert_eq!(part.day, whole.day[300..450]);
        assert_eq!(spec(2.0).generate(990..2000).len(), 10, "cut at the table's end");
    }

    #[test]
    fn values_stay_in_their_domains() {
        let orders = spec(0.0).generate(0..1000);
        assert!(orders.customer_id.iter().all(|&c| c < 50));
        assert!(orders.quantity.iter().all(|&q| (1..=10).contains(&q)));
        assert!(orders.day.iter().all(|&d| u64::from(d) < DAYS));
        assert!(orders.amount_cents.iter().zip(&orders.quantity).all(|(&a, &q)| a % u32::from(q) == 0));
        assert!(orders.amount_cents.iter().all(|&a| (100..=MAX_AMOUNT_CENTS).contains(&u64::from(a))));
    }

    #[test]
    fn sizes_beyond_the_limits_are_refused_before_allocating() {
        let too_many = OrdersSpec { rows: MAX_ORDERS + 1, ..spec(0.0) };
        assert!(too_many.validate().unwrap_err().contains("between 1 and"));
        assert!(OrdersSpec { customers: 0, ..spec(0.0) }.validate().is_err());
        assert!(spec(0.7).validate().is_err());
    }
}
