export interface Price {
  amount: number;
  currency: string;
}

export function pageOf<T>(items: T[], page: number, size: number): T[] {
  const start = page * size;
  return items.slice(start, start + size);
}

export function lastIndex(items: unknown[]): number {
  return items.length - 1;
}

export function formatPrice(price: Price | null): string {
  if (price === null) {
    return '';
  }
  return price.currency + ' ' + price.amount.toFixed(2);
}

export function convert(price: Price, rate: number): Price {
  return { amount: price.amount * rate, currency: price.currency };
}

export async function fetchRate(client: { get(path: string): Promise<number> }, code: string): Promise<number> {
  const rate = await client.get(code);
  return rate;
}

export function isAffordable(price: Price, budget: number): boolean {
  return price.amount <= budget;
}
