import type { CommandContext, Reply } from '../context';
import { BadCardData } from '../errors';
import type { ActionData } from '../turn';

/** One card button verb and what it does. Card data is never trusted: ids only, re-checked. */
export interface ActionHandler {
  verb: string;
  adminOnly: boolean;
  run(ctx: CommandContext, data: ActionData): Promise<Reply>;
}

/** A short string field of the card data, or BadCardData. */
export function textField(data: ActionData, name: string, maxLength = 200): string {
  const value = data[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new BadCardData(`${name} missing or malformed`);
  }
  return value;
}

/** A non-negative whole number of the card data (templating may send it as text). */
export function offsetField(data: ActionData, name: string): number {
  const value = typeof data[name] === 'string' ? Number(data[name]) : data[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1_000_000) {
    throw new BadCardData(`${name} missing or malformed`);
  }
  return value;
}
