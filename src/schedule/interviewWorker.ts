import type { AppContext, Background } from '../context.js';

export async function startInterviewBackground(_ctx: AppContext): Promise<Background> {
  return { close: async () => {} };
}
