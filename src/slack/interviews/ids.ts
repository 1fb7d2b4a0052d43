/** Action and callback ids of the interview flow. The invitation's buttons are built by the campaigns feature. */
export const ACTIONS = {
  start: 'interview_start',
  later: 'interview_later',
  talk: 'interview_talk',
  decline: 'interview_decline',
  recordTalk: 'talk_record',
  homeStatus: 'home_status',
} as const;

export const CALLBACK_STEP = 'interview_step';

/** What a modal carries between steps: the interview and the step, nothing else (answers live in `drafts`). */
export interface StepMetadata {
  interviewId: number;
  step: number;
}

export function encodeStepMetadata(meta: StepMetadata): string {
  return JSON.stringify({ i: meta.interviewId, s: meta.step });
}

/** Parses private_metadata; anything that is not exactly what we wrote is undefined (and refused). */
export function decodeStepMetadata(raw: unknown): StepMetadata | undefined {
  if (typeof raw !== 'string' || raw.length > 100) return undefined;
  try {
    const parsed = JSON.parse(raw) as { i?: unknown; s?: unknown };
    const { i, s } = parsed;
    if (!Number.isSafeInteger(i) || !Number.isSafeInteger(s) || (i as number) < 1 || (s as number) < 1) {
      return undefined;
    }
    return { interviewId: i as number, step: s as number };
  } catch {
    return undefined;
  }
}

/** Button values carry an interview id; anything else is not a valid value. */
export function parseInterviewId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  const id = Number(value);
  return id >= 1 ? id : undefined;
}
