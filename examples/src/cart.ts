export interface Item {
  sku: string;
  price: number;
  quantity: number;
}

export class Cart {
  private readonly items = new Map<string, Item>();

  add(item: Item): void {
    const existing = this.items.get(item.sku);
    this.items.set(item.sku, existing ? { ...existing, quantity: existing.quantity + item.quantity } : item);
  }

  total(): number {
    let sum = 0;
    for (const item of this.items.values()) sum += item.price * item.quantity;
    return Math.round(sum * 100) / 100;
  }

  count(): number {
    return this.items.size;
  }
}
