import type { CommandContext, Reply } from '../context';
import { BadCardData } from '../../failures';
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id the bot minted (a GUID) from the card data, or BadCardData. Anything else would reach
 * storage as a document id, where "/" or "#" is not a value but a path.
 */
export function guidField(data: ActionData, name: string): string {
  const value = data[name];
  if (typeof value !== 'string' || !GUID.test(value)) throw new BadCardData(`${name} missing or malformed`);
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
