import { chatMethods } from './chat.js';
import type { MethodHandler } from './context.js';
import { conversationMethods } from './conversations.js';
import { fileMethods } from './files.js';
import { userMethods } from './users.js';
import { viewMethods } from './views.js';

/** Every Web API method the emulator answers. Add a family by writing a file like `chat.ts` and listing it here. */
export const METHODS: Record<string, MethodHandler> = {
  ...userMethods,
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
  ...fileMethods,
};
