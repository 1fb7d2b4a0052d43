import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.js';

export function register(_app: App, _ctx: AppContext): void {}
