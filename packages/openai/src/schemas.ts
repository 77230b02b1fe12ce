/**
 * The OpenAI-compatible provider's automation config and run inputs. They are declared once,
 * in the wire contract (zod only), which the API validates with at save time and the web form
 * reads; the client parses every run with the same schemas.
 */
export * from '@tfbench/contract/providers/openai';
