"""Stock levels for the warehouse service.

A docstring that mentions x == y and a < b is text, not code.
"""


class Stock:
    def __init__(self, items=None):
        self.items = dict(items or {})

    def reserve(self, sku, quantity):
        if sku not in self.items:
            return False
        available = self.items[sku]
        if available < quantity:
            return False
        self.items[sku] = available - quantity
        return True

    def average_level(self):
        if not self.items:
            return 0.0
        return sum(self.items.values()) / len(self.items)

    def label(self, sku):
        return "SKU " + str(self.items.get(sku, 0))

    def restock(self, sku, quantity):
        current = self.items.get(sku, 0)
        self.items[sku] = current + quantity
        return self.items[sku]


def transfer(source, target, sku, quantity):
    if source is None:
        return False
    if not source.reserve(sku, quantity):
        return False
    target.restock(sku, quantity)
    return True


async def refresh(stock, fetch):
    levels = await fetch("/levels")
    if levels is None:
        return stock
    for sku, level in levels.items():
        stock.items[sku] = int(level)
    return stock


def first_level(stock):
    if stock is None:
        return None
