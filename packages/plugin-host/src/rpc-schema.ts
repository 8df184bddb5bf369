// Envelope validation for messages from a plugin worker. Kept apart from rpc.ts so the worker bundle has no zod.
import { z } from 'zod';
import type { RpcMessage } from './rpc.ts';

const method = z.string().min(1).max(100);
const requestId = z.number().int().nonnegative();
/** Validates the envelope of every message that comes from a plugin; params are validated per method. */
export const RpcMessageSchema = z.union([
  z.object({ t: z.literal('req'), id: requestId, method, params: z.unknown() }),
  z.object({ t: z.literal('ack'), id: requestId }),
  z.object({ t: z.literal('res'), id: requestId, ok: z.literal(true), result: z.unknown() }),
  z.object({
    t: z.literal('res'),
    id: requestId,
    ok: z.literal(false),
    error: z.object({ message: z.string().max(10_000), name: z.string().max(200).optional(), stack: z.string().max(50_000).optional() }),
  }),
  z.object({ t: z.literal('cancel'), id: requestId }),
  z.object({ t: z.literal('note'), method, params: z.unknown() }),
]);

/** Returns the message when its envelope is well-formed, undefined otherwise. */
export function parseRpcMessage(data: unknown): RpcMessage | undefined {
  const parsed = RpcMessageSchema.safeParse(data);
  return parsed.success ? (parsed.data as RpcMessage) : undefined;
}
