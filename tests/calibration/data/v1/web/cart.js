'use strict';

function lineTotal(item) {
  return item.price * item.quantity;
}

function cartTotal(cart) {
  if (!cart) return 0;
  let total = 0;
  for (let i = 0; i < cart.items.length; i++) {
    total += lineTotal(cart.items[i]);
  }
  return total;
}

function discountFor(user) {
  const tier = user?.membership.tier;
  if (tier === 'gold') {
    return 0.1;
  }
  return 0;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
}

async function loadCart(api, id, callback) {
  const response = await api.get(id);
  if (response.error) {
    return callback(response.error);
  }
  const count = parseInt(response.count, 10);
  callback(null, { items: response.items, count: count });
}

function remaining(limit, used) {
  return subtractFloor(limit, used);
}

function subtractFloor(a, b) {
  return a > b ? a - b : 0;
}

module.exports = { cartTotal, discountFor, clamp, loadCart, remaining };
