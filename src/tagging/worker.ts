import type { AppContext, Background } from '../context.js';

export async function startTaggingBackground(_ctx: AppContext): Promise<Background> {
  return { close: async () => {} };
}
