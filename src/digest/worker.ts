import type { AppContext, Background } from '../context.js';

export async function startDigestBackground(_ctx: AppContext): Promise<Background> {
  return { close: async () => {} };
}
