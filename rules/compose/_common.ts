// Helpers shared by compose rules: where a value comes from, and how to word it.
import type { ComposeContext, Service } from '../../core/compose/context';
import { isMap, isScalar, isSeq, Located, Node, scalarText } from '../../core/compose/parse';
import type { MessageData } from '../../core/types';

/**
 * Message data for `{origin}`: empty for a value written in the service, else a reference to the `inherited`
 * message naming the line the value is written on (every rule using it has an `inherited` message).
 */
export function origin(ctx: ComposeContext, v: Located): MessageData {
  return v.local ? '' : { messageId: 'inherited', data: { line: ctx.lineOf(v.node) } };
}

export const INHERITED_MESSAGE = ' (inherited from line {line}: fix it there, or override it in this service)';

/** The scalar text of a located value, or undefined when it is not a scalar. */
export const textOf = (v: Located | undefined): string | undefined => (v && isScalar(v.node) ? scalarText(v.node) : undefined);

/** `true`, or the string "true" (the schema accepts both; Compose reads both as true). */
export const isTrue = (v: Located | undefined): boolean => {
  const t = textOf(v);
  return t !== undefined && /^(true|True|TRUE)$/.test(t);
};

/** The items of a list value of a service, located. */
export function listOf(ctx: ComposeContext, service: Service, key: string): Located[] {
  const v = ctx.get(service, key);
  if (!v || !isSeq(v.node)) return [];
  return ctx.items(v.node, v);
}

/** A fix that can edit the service's own map: only when the service is written in place. */
export const editableMap = (service: Service) => (service.local && service.map ? service.map : undefined);

export { isMap, isScalar, isSeq };
export type { Located, Node };
