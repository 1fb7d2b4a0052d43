import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RedisServerProcess, spawnRedisServerOnFreePort } from '../src/runtime/redisServerProcess.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/sandbox/emulator/index.js';
import type { SandboxWorkspace } from '../src/sandbox/emulator/makeWorkspace.js';

/** What a bench that drives the real app needs around it: its own Redis, a Slack emulator, a scratch directory. */
export interface BenchStack {
  dir: string;
  redis: RedisServerProcess;
  emulator: Emulator;
  signingSecret: string;
  /** The app's settings for this stack (loadConfig input, or a child process's environment). */
  env: Record<string, string>;
  /** Stops the emulator and Redis and removes the scratch directory. */
  stop(): Promise<void>;
}

export async function startBenchStack(
  name: string,
  workspace: SandboxWorkspace,
  emulatorOptions: Omit<EmulatorOptions, 'workspace'>,
  staffId: string = workspace.staffIds[0]!,
): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), `ospo-bench-${name}-`));
  const redis = await spawnRedisServerOnFreePort({ dir, appendOnly: false });
  const emulator = await startEmulator({ workspace, ...emulatorOptions });
  const signingSecret = randomBytes(16).toString('hex');
  return {
    dir,
    redis,
    emulator,
    signingSecret,
    env: {
      SLACK_BOT_TOKEN: workspace.bot.token,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: emulator.url,
      REDIS_URL: redis.url,
      DATABASE_PATH: join(dir, 'bench.db'),
      OSPO_CHANNEL_ID: workspace.ospoChannelId,
      OSPO_STAFF_IDS: staffId,
      LOG_LEVEL: 'silent',
    },
    async stop() {
      await emulator.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
